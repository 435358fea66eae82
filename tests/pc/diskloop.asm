; A boot sector for the status line's disk light test: it says "ready"
; on COM1, then (assembled with -DREAD_FOREVER) reads its own sector
; through INT 13h over and over, or else idles with interrupts on.
	cpu 8086
	bits 16
	org 0x7C00
	jmp 0:start		; a known CS:IP whatever the BIOS used
start:
	xor ax, ax
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov sp, 0x7C00
	sti
	mov [drive], dl
	mov si, ready
.say:
	lodsb
	test al, al
	jz .said
	mov dx, 0x3F8
	out dx, al
	jmp .say
.said:
%ifdef READ_FOREVER
.read:
	mov ax, 0x0201		; one sector
	mov bx, 0x8000		; to 0000:8000
	mov cx, 0x0001		; cylinder 0, sector 1
	xor dh, dh		; head 0
	mov dl, [drive]
	int 0x13
	jmp .read
%else
.idle:
	hlt
	jmp .idle
%endif
drive:	db 0
ready:	db "ready", 13, 10, 0
	times 510 - ($ - $$) db 0
	dw 0xAA55
