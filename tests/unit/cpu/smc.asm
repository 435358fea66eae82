; Self-modifying code: a store to the very next instruction, patches to
; a loop body that has already run (and so is decoded and cached), a
; patch through another segment's alias of the same bytes, and REP MOVSB
; copying new code ahead of itself.
	cpu 8086
	bits 16
	org 0x7C00
	xor ax, ax
	mov ds, ax
	mov es, ax
	mov byte [next + 1], 0x42	; patch the immediate of the next instruction
next:
	mov al, 0x11			; runs as mov al, 0x42
	mov [0x600], al
	mov cx, 3
	xor bx, bx
again:
	add bx, byte 1			; 83 C3 01; after the first pass: add bx, 0x10
	mov byte [again + 2], 0x10
	loop again
	mov [0x602], bx			; 0x21
	mov ax, 0x07C0			; 07C0:xxxx is the same memory as 0000:7Cxx
	mov es, ax
	mov byte [es:alias - 0x7C00 + 1], 0x99
alias:
	mov dl, 0x01			; runs as mov dl, 0x99
	mov [0x604], dl
	xor ax, ax
	mov es, ax
	mov si, new_code
	mov di, copied
	mov cx, new_code_end - new_code
	cld
	rep movsb
copied:
	mov dh, 0x01			; replaced by the copy: mov dh, 0x5A
	mov [0x605], dh
	cli
	hlt
new_code:
	mov dh, 0x5A
new_code_end:
