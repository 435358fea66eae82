; MS-DOS-compatible x87 error reporting (CR0.NE clear, as after reset): a
; division by zero with the exception unmasked is reported at the next
; FWAIT through FERR#, the PIIX3's IRQ 13 (slave IR5, vector 0x75); the
; handler acknowledges with a write to port 0xF0 and clears the error;
; the FWAIT then goes on.  Exit status (0x13 << 1) | 1 = 39, or
; (0x66 << 1) | 1 = 205 when the handler did not run.
	bits 16
	org 0
SEEN equ 0x500
start:
	cli
	xor ax, ax
	mov ss, ax
	mov sp, 0x7000
	mov ds, ax
	mov byte [SEEN], 0
	mov word [0x75 * 4], irq13
	mov word [0x75 * 4 + 2], 0xF000
	mov al, 0x11               ; master: vectors 8-15, slave on IR2
	out 0x20, al
	mov al, 0x08
	out 0x21, al
	mov al, 0x04
	out 0x21, al
	mov al, 0x01
	out 0x21, al
	mov al, 0x11               ; slave: vectors 0x70-0x77
	out 0xA0, al
	mov al, 0x70
	out 0xA1, al
	mov al, 0x02
	out 0xA1, al
	mov al, 0x01
	out 0xA1, al
	mov al, 0xFB               ; master: only the cascade
	out 0x21, al
	mov al, 0xDF               ; slave: only IRQ 13
	out 0xA1, al
	sti
	fninit
	fldcw [cs:control]
	fld1
	fldz
	fdivp st1, st0             ; 1 / 0: ZE, unmasked
	fwait                      ; reported here
	cmp byte [SEEN], 1
	jne .fail
	mov al, 0x13
	out 0xF4, al
	hlt
.fail:
	mov al, 0x66
	out 0xF4, al
	hlt

irq13:
	push ax
	mov byte [SEEN], 1
	out 0xF0, al               ; IGNNE#, IRQ 13 down
	fnclex                     ; FERR# inactive
	mov al, 0x20
	out 0xA0, al
	out 0x20, al
	pop ax
	iret

control:
	dw 0x037B                  ; default control word with ZM clear
%include "rom.inc"
