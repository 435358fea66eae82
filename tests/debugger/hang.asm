; The boot sector that "hangs" in docs/debugging.md: it divides by a
; table entry that is zero.  SeaBIOS's handler for vector 0 is a bare
; IRET, so the DIV runs again and again.  pc-console.sh walks the page's
; session on it, command by command.
	cpu 8086
	bits 16
	org 0x7C00
sector:				; at 0000:7C00
	xor ax, ax
	mov ds, ax
	mov ss, ax
	mov sp, 0x7C00
	mov si, table
	call lookup
	jmp $			; done: wait here
lookup:
	mov bx, [si]
	div bl
	ret
table:	dw 0
	times 510 - ($ - $$) db 0
	dw 0xAA55
