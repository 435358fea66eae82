; REP STOS and REP MOVS in the forms the bulk path (cpu/string.c) must
; get exactly right: across page boundaries, downwards, overlapping
; copies (forwards and backwards, bytes and a dword copy overlapping by
; half an element), and the 16-bit offset wrap.  The test compares the
; memory with an element-by-element model of each case.
	cpu 386
	bits 16
	org 0x7C00
	cld
	; A: rep stosb across the page at 0x11000
	mov ax, 0x1000
	mov es, ax
	mov di, 0x0F00
	mov al, 0xAB
	mov cx, 0x300
	rep stosb
	; B: rep stosd downwards across the page at 0x12000
	std
	mov di, 0x2100
	mov eax, 0x11223344
	mov cx, 0x100
	rep stosd
	cld
	; patterns: bytes k at 0x20FF0+k (k < 0x60), 0x23000+k and 0x24000+k (k < 0x20)
	mov ax, 0x2000
	mov ds, ax
	mov es, ax
	xor bx, bx
fill:
	mov [bx + 0x0FF0], bl
	mov [bx + 0x3000], bl
	mov [bx + 0x4000], bl
	inc bx
	cmp bx, 0x60
	jb fill
	; C: overlapping rep movsb forwards (each byte copies the one before)
	mov si, 0x0FF0
	mov di, 0x0FF1
	mov cx, 0x40
	rep movsb
	; D: rep movsd with the destination half an element above the source
	mov si, 0x3000
	mov di, 0x3002
	mov cx, 4
	rep movsd
	; E: overlapping rep movsb downwards
	std
	mov si, 0x4010
	mov di, 0x4011
	mov cx, 0x10
	rep movsb
	cld
	; F: rep stosb through the 16-bit wrap of DI
	mov ax, 0x5000
	mov es, ax
	mov di, 0xFFF0
	mov al, 0xCD
	mov cx, 0x20
	rep stosb
	; G: rep movsw downwards, no overlap, across the page at 0x26000
	std
	mov si, 0x4018
	mov ax, 0x2000
	mov es, ax
	mov di, 0x6010
	mov cx, 0x0C
	rep movsw
	cld
	hlt
