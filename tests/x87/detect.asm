; detect.asm - the FPU detection a BIOS or DOS program does on a 386
; (Intel's "FPU presence" sequence), run on the bare machine:
;   glasspc --machine bare --rom tests/x87/detect.bin --cpu 386 [--fpu 387]
; FNINIT then FNSTSW into a word holding 5A5Ah: with a coprocessor the
; word becomes 0000 (a freshly initialised status word); without one the
; ESC instructions do nothing and the word keeps 5A5Ah.  Then CR0.ET, which
; the 386 samples at reset from the coprocessor's ERROR# pin (SDM Vol. 3
; 2.5: ET=1 means a 387).  Prints "status=XXXX ET=N" on port 0xE9 and
; halts.

	cpu 386
	bits 16
	org 0

DEBUGCON	equ 0xE9
WORD_AT		equ 0x0800

start:
	xor ax, ax
	mov ds, ax
	mov ss, ax
	mov sp, 0x7000
	mov word [WORD_AT], 0x5A5A
	fninit
	fnstsw [WORD_AT]
	mov si, msg_status
	call print
	mov ax, [WORD_AT]
	call print_hex16
	mov si, msg_et
	call print
	mov eax, cr0
	shr eax, 4		; ET is bit 4
	and al, 1
	add al, '0'
	out DEBUGCON, al
	mov al, 10
	out DEBUGCON, al
	cli
	hlt

print:	; DS:SI -> CS:SI, a NUL-terminated string
	cs lodsb
	test al, al
	jz .done
	out DEBUGCON, al
	jmp print
.done:	ret

print_hex16:	; AX as four hex digits
	mov cx, 4
.digit:	rol ax, 4
	push ax
	and al, 0x0F
	add al, '0'
	cmp al, '9'
	jbe .out
	add al, 'A' - '0' - 10
.out:	out DEBUGCON, al
	pop ax
	loop .digit
	ret

msg_status:	db "status=", 0
msg_et:		db " ET=", 0

	times 0xFFF0 - ($ - $$) db 0xFF
reset:	jmp 0xF000:start
	times 0x10000 - ($ - $$) db 0xFF
