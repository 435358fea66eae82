; A boot sector for the PC machine's tests: loaded by the BIOS at
; 0000:7C00, it prints a line through INT 10h teletype, the same line on
; COM1 (polling the 16550's line status) and on LPT1 through the BIOS's
; INT 17h, then leaves glasspc through
; the test-exit port 0xF4 with status (0x21 << 1) | 1 = 67.
	cpu 8086
	bits 16
	org 0x7C00
	jmp 0:start		; a known CS:IP whatever the BIOS used
start:
	cli
	xor ax, ax
	mov ds, ax
	mov ss, ax
	mov sp, 0x7C00
	sti
	mov si, message
.teletype:
	lodsb
	test al, al
	jz .serial
	mov ah, 0x0E
	mov bx, 0x0007
	int 0x10
	jmp .teletype
.serial:
	mov si, message
.next:
	lodsb
	test al, al
	jz .done
	mov ah, al
	mov dx, 0x3FD		; line status: wait for THR empty
.wait:
	in al, dx
	test al, 0x20
	jz .wait
	mov al, ah
	mov dx, 0x3F8
	out dx, al
	jmp .next
.done:
	mov si, message		; and to the printer on LPT1 through INT 17h
.print:
	lodsb
	test al, al
	jz .printed
	mov ah, 0x00
	xor dx, dx		; LPT1
	int 0x17
	jmp .print
.printed:
	mov al, 0x21
	out 0xF4, al		; exit status 67
	cli
	hlt
message:
	db "glasspc boot sector: hello through INT 10h and COM1", 13, 10, 0
	times 510 - ($ - $$) db 0
	dw 0xAA55
