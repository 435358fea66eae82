; A boot sector for the debugger's tests on the PC (pc-console.sh):
; SeaBIOS loads it from a floppy at 0000:7C00.  It sets a word the tests
; watch, adds to it through a CALL they step over, waits for three ticks
; of the BIOS timer with HLT (so that stepping has to run the timer and
; skip idle time), prints a line on COM1 and leaves through port 0xF4
; with status ((0x1239 & 0xFF) << 1) | 1 = 115.
	cpu 386
	bits 16
	org 0x7C00
COUNTER equ 0x0600		; a RAM word outside the sector
TICKS equ 0x046C		; the BIOS's timer tick count
	jmp 0:start		; a known CS:IP whatever the BIOS used
start:
	cli
	xor ax, ax
	mov ds, ax
	mov ss, ax
	mov sp, 0x7C00
	sti
	mov word [COUNTER], 0x1234
	call add_five
	mov bx, [TICKS]
.wait:
	hlt
	mov ax, [TICKS]
	sub ax, bx
	cmp ax, 3
	jb .wait
	mov si, message
.next:
	lodsb
	test al, al
	jz .done
	mov ah, al
	mov dx, 0x3FD		; line status: wait for THR empty
.busy:
	in al, dx
	test al, 0x20
	jz .busy
	mov al, ah
	mov dx, 0x3F8
	out dx, al
	jmp .next
.done:
	mov ax, [COUNTER]
	out 0xF4, al		; exit status 115
	cli
	hlt
add_five:
	add word [COUNTER], 5
	ret
message:
	db "pcboot: three timer ticks", 13, 10, 0
	times 510 - ($ - $$) db 0
	dw 0xAA55
