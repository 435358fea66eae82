; A boot-sector-like guest for the debugger's tests, as a ROM for the bare
; machine: the reset code copies the "boot sector" below to 0000:7C00 and
; jumps there, as a BIOS would.  Labels sit at fixed offsets (see
; boot.sym) so that the test scripts can name addresses.
	bits 16
	org 0

rom_start:
reset_code:
	cld
	mov ax, 0xF000
	mov ds, ax
	xor ax, ax
	mov es, ax
	mov si, sector - rom_start + 0xF000
	mov di, 0x7C00
	mov cx, sector_end - sector
	rep movsb
	jmp 0x0000:0x7C00

	times 0x100 - ($ - $$) db 0xF4
sector:
	; 0x7C00
	xor ax, ax
	mov ds, ax
	mov ss, ax
	mov sp, 0x7000
	mov bx, 0x1234
	call func                ; 0x7C0C: step over this
	mov [0x600], ax          ; 0x7C0F: the watchpoint on 0x600 fires here
	inc word [0x600]
	mov al, 'K'
	out 0xE9, al
	xchg bx, bx              ; magic breakpoint
	mov cx, 3
.loop:
	dec cx
	jnz .loop
	cli
	hlt
	times 0x40 - ($ - sector) db 0x90
func:
	; 0x7C40
	push bp
	mov bp, sp
	mov ax, 0x55AA
	add ax, bx
	pop bp
	ret
sector_end:

	times 0xFF0 - ($ - $$) db 0xF4
	; F000:FFF0 (the 386's reset) and FFFF:0000 (the 8086's): this ROM
	; is 4 KiB, mapped at 0xFF000, so both reach here.
	jmp 0xF000:0xF000
	times 0x1000 - ($ - $$) db 0xF4
