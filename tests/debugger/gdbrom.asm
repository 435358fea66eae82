; A ROM for the bare machine that does what a BIOS does with a boot
; sector: copies gdbboot.bin (assembled first, found through -I) to
; 0000:7C00 and jumps there with DL = 0.
	bits 16
	org 0

reset_code:
	cld
	mov ax, 0xF000
	mov ds, ax
	xor ax, ax
	mov es, ax
	mov si, sector + 0xF000
	mov di, 0x7C00
	mov cx, 512
	rep movsb
	xor dx, dx
	jmp 0x0000:0x7C00

	align 16
sector:
	incbin "gdbboot.bin"

	times 0xFF0 - ($ - $$) db 0xF4
	; F000:FFF0 (the 386's reset) and FFFF:0000 (the 8086's)
	jmp 0xF000:0xF000
	times 0x1000 - ($ - $$) db 0xF4
