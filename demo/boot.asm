; The demo disk's boot sector.  SeaBIOS (or any PC BIOS) loads it at
; 0000:7C00 with the boot drive in DL; it reads the rest of the first
; track (sectors 2-18 of cylinder 0, head 0: the demo program, at most
; 17 sectors) to 1000:0000 with INT 13h and jumps there with DL kept.
; 8086 code: the demo must boot on every CPU model the PC accepts.
	cpu 8086
	bits 16
	org 0x7C00

PROGRAM_SEGMENT equ 0x1000
PROGRAM_SECTORS equ 17		; a 1.44 MB floppy track, less the boot sector
TRIES		equ 3		; a floppy read may fail once while the motor spins up

	jmp 0:start		; a known CS:IP whatever the BIOS used
start:
	cli
	xor ax, ax
	mov ds, ax
	mov ss, ax
	mov sp, 0x7C00
	sti
	mov [drive], dl
	mov si, TRIES
.read:
	mov ax, PROGRAM_SEGMENT
	mov es, ax
	xor bx, bx
	mov ax, 0x0200 | PROGRAM_SECTORS
	mov cx, 0x0002		; cylinder 0, sector 2
	xor dh, dh		; head 0
	mov dl, [drive]
	int 0x13
	jnc .loaded
	xor ah, ah		; reset the controller, then try again
	mov dl, [drive]
	int 0x13
	dec si
	jnz .read
	mov si, read_failed
.say:
	lodsb
	test al, al
	jz .stop
	mov ah, 0x0E
	mov bx, 0x0007
	int 0x10
	jmp .say
.stop:
	cli
	hlt
	jmp .stop
.loaded:
	mov dl, [drive]
	jmp PROGRAM_SEGMENT:0

drive:		db 0
read_failed:	db "glasspc demo: cannot read the demo program from the floppy", 13, 10, 0
	times 510 - ($ - $$) db 0
	dw 0xAA55
