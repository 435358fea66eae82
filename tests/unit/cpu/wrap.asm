; A word at offset 0xFFFF: the 8086 wraps inside the segment, the 286
; and later raise #GP(0) (real-mode vector 13).
	cpu 386
	bits 16
	org 0x7C00
	xor ax, ax
	mov ds, ax
	mov word [13*4], gp_handler
	mov word [13*4+2], 0
	mov ax, 0x1000
	mov ds, ax
	mov byte [0xFFFF], 0x34
	mov byte [0x0000], 0x12
	xor bp, bp
fault_here:
	mov ax, [0xFFFF]		; 0x1234 on the 8086
	cli
	hlt
gp_handler:
	mov bp, 0xBAD
	mov si, sp
	mov di, [ss:si]			; the pushed IP
	cli
	hlt
