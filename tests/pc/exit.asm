; The smallest BIOS: ask the machine to exit through port 0xF4.
; Expected exit status: (0x21 << 1) | 1 = 67.
	bits 16
	org 0
start:
	mov al, 0x21
	out 0xF4, al
	hlt
%include "rom.inc"
