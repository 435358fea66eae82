; The demo ROM that glasspc runs when given nothing to boot.
; It introduces glasspc on the debug console (port 0xE9), proves the CPU
; works by computing something checkable (the primes below 100 with a
; sieve, and Fibonacci numbers), and halts with interrupts disabled.
; 8086 code, so it runs on every CPU model.
	cpu 8086
	bits 16
	org 0xF000		; this 4 KiB image sits at F000:F000 .. F000:FFFF

DEBUGCON equ 0xE9
SIEVE	equ 0x1000		; RAM scratch area (segment 0)

start:
	cli
	xor ax, ax
	mov ss, ax
	mov sp, 0x7C00
	mov ds, ax
	mov es, ax
	mov si, banner
	call print_cs
	; Sieve of Eratosthenes over 2..99, in RAM at 0000:1000.
	mov di, SIEVE
	mov cx, 100
	mov al, 1
	rep stosb
	mov bx, 2
.outer:
	cmp byte [SIEVE + bx], 0
	je .next
	mov ax, bx
	mul bx			; ax = bx * bx
	cmp ax, 100
	jae .next
	mov di, ax
.mark:
	mov byte [SIEVE + di], 0
	add di, bx
	cmp di, 100
	jb .mark
.next:
	inc bx
	cmp bx, 10
	jb .outer
	mov si, primes_text
	call print_cs
	mov bx, 2
.print_primes:
	cmp byte [SIEVE + bx], 0
	je .skip
	mov ax, bx
	call print_dec
	call print_space
.skip:
	inc bx
	cmp bx, 100
	jb .print_primes
	mov al, 10
	out DEBUGCON, al
	; Fibonacci numbers below 65536.
	mov si, fib_text
	call print_cs
	xor ax, ax
	mov dx, 1
.fib:
	call print_dec
	call print_space
	mov cx, dx
	add dx, ax
	mov ax, cx
	jnc .fib
	mov al, 10
	out DEBUGCON, al
	mov si, bye_text
	call print_cs
	mov al, 0xFF
	out 0x80, al		; last POST code: done
	cli
	hlt
	jmp $

; Prints the zero-terminated string at CS:SI.
print_cs:
	push ax
.loop:
	cs lodsb
	test al, al
	jz .done
	out DEBUGCON, al
	jmp .loop
.done:
	pop ax
	ret

print_space:
	push ax
	mov al, ' '
	out DEBUGCON, al
	pop ax
	ret

; Prints AX in decimal.
print_dec:
	push ax
	push bx
	push cx
	push dx
	mov bx, 10
	xor cx, cx
.divide:
	xor dx, dx
	div bx
	push dx
	inc cx
	test ax, ax
	jnz .divide
.emit:
	pop ax
	add al, '0'
	out DEBUGCON, al
	loop .emit
	pop dx
	pop cx
	pop bx
	pop ax
	ret

banner:
	db "glasspc - a portable x86 PC emulator that interprets every instruction", 10
	db "This is its demo ROM, running on the bare machine (CPU, RAM, this ROM,", 10
	db "and the debug console on port 0xE9, which you are reading).", 10
	db "Try:  glasspc --help", 10
	db "      glasspc --machine bare --rom YOUR.ROM --cpu 8086|186|286|386", 10, 0
primes_text:
	db "Primes below 100 (a sieve in guest RAM): ", 0
fib_text:
	db "Fibonacci numbers below 65536: ", 0
bye_text:
	db "The demo is done; the CPU halts with interrupts disabled.", 10, 0

	times 0xFFF0 - 0xF000 - ($ - $$) db 0xFF
reset:				; FFFF:0000 = F000:FFF0 = the reset vector
	jmp 0xF000:start
	times 0x10000 - 0xF000 - ($ - $$) db 0xFF
