; A triple fault: an empty interrupt table, then INT3.  The INT3 is
; beyond the table's limit (#GP), so is the #GP (#DF), so is the #DF.
; A CMOS byte counts the starts: when the machine resets on a triple
; fault, the second start exits with status (0x33 << 1) | 1 = 103.
	bits 16
	org 0
COUNT equ 0x41                     ; a free CMOS byte
start:
	cli
	mov al, COUNT
	out 0x70, al
	in al, 0x71
	inc al
	mov ah, al
	mov al, COUNT
	out 0x70, al
	mov al, ah
	out 0x71, al
	cmp ah, 1
	je .fault
	mov al, 0x33
	out 0xF4, al
	hlt
.fault:
	lidt [cs:empty_idt]
	int3
	hlt
empty_idt:
	dw 0
	dd 0
%include "rom.inc"
