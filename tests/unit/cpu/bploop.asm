; A loop for the breakpoint checks of the run loop: INC AX at 0x7C05 runs
; ten times.
	cpu 386
	bits 16
	org 0x7C00
	mov cx, 10		; 0x7C00
	xor ax, ax		; 0x7C03
again:
	inc ax			; 0x7C05
	loop again		; 0x7C06
	hlt			; 0x7C08
