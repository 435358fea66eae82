; The CPU benchmark's guest: an integer workload for `make bench`.
;
; A 64 KiB ROM for the bare machine (it ends at 0xFFFFF, reset vector at
; F000:FFF0).  It runs seven phases in an endless loop -- arithmetic with
; multiply and divide, memory moves, calls through a table of function
; pointers, a sieve, a table-driven CRC32, an insertion sort and a
; bytecode interpreter -- and after each round writes
; "checksum XXXXXXXX\n" to the debug console (port 0xE9).  Every round
; starts from the same state, so every round prints the same line; the
; value is computed independently by bench/reference.c.
;
; At the start of each phase it writes the phase number to port 0x80, so
; that the host can tell how the instructions split between the phases
; (glasspc-bench --phases).
;
; Real mode, 386 instructions with 32-bit operands and addresses.  Code and
; constant tables are in this ROM; every buffer is in RAM at 1000:0000,
; the stack at 0000:7000.  If this file changes, bench/reference.c must
; change with it.
	cpu 386
	bits 16
	org 0			; the image is F000:0000 .. F000:FFFF

DEBUGCON equ 0xE9
PHASE_PORT equ 0x80

DATA_SEG equ 0x1000		; every buffer, offsets below
BUF_A	equ 0x0000		; 8 KiB source of the memory moves
BUF_B	equ 0x2000		; 8 KiB destination; the CRC runs over it
BUF_SIZE equ 8192
SIEVE	equ 0x4000		; one byte per number below SIEVE_N
SIEVE_N	equ 8192
CRCTAB	equ 0x6000		; 256 dwords
SORTA	equ 0x6400		; SORT_N dwords
VMREGS	equ 0x7400		; the bytecode machine's 8 registers (dwords)
VMMEM	equ 0x7420		; and its 256-dword memory, right after them
CHECKSUM equ 0x7900		; the round's running checksum (dword)

; Work per round, chosen so that each phase has a fair share of the
; instructions (glasspc-bench --phases shows the split).
ARITH_N	equ 3000
CALLS_N	equ 8000
SORT_N	equ 256
VM_N	equ 1500

start:
	cli
	cld
	xor ax, ax
	mov ss, ax
	mov sp, 0x7000
	; Every interrupt vector points at a handler that reports where the
	; guest was: a fault in the workload must not go unnoticed.
	mov es, ax
	xor di, di
	mov cx, 256
.ivt:
	mov ax, unexpected
	stosw
	mov ax, cs
	stosw
	loop .ivt

round:
	mov ax, DATA_SEG
	mov ds, ax
	mov es, ax
	mov sp, 0x7000
	mov dword [CHECKSUM], 0
	call phase_arith
	call phase_memory
	call phase_calls
	call phase_sieve
	call phase_crc
	call phase_sort
	call phase_bytecode
	mov al, 0		; 0: between rounds
	out PHASE_PORT, al
	mov si, checksum_text
	call print_cs
	mov eax, [CHECKSUM]
	call print_hex32
	mov al, 10
	out DEBUGCON, al
	jmp round

; Folds a phase's result (EAX) into the round's checksum:
; checksum = rol(checksum, 5) + result.
mix:
	rol dword [CHECKSUM], 5
	add [CHECKSUM], eax
	ret

; ---- phase 1: multiply and divide -----------------------------------
; An LCG drives 32x32->64 MUL, 32/32 DIV, 64/32 DIV and 16-bit IDIV.
phase_arith:
	mov al, 1
	out PHASE_PORT, al
	mov esi, 0x12345678	; x
	xor edi, edi		; acc
	mov ebp, ARITH_N	; i, counting down
.loop:
	imul esi, esi, 1664525
	add esi, 1013904223	; x = x * 1664525 + 1013904223
	mov eax, esi
	mov edx, 0x9E3779B1
	mul edx			; hi:lo = x * 0x9E3779B1
	mov ebx, edx
	push eax
	xor eax, edx
	add edi, eax		; acc += hi ^ lo
	mov ecx, esi
	shr ecx, 8
	or ecx, 1		; d = (x >> 8) | 1
	mov eax, edi
	xor edx, edx
	div ecx
	xor edi, eax
	add edi, edx		; acc = (acc ^ acc / d) + acc % d
	pop eax
	mov edx, ebx
	shr edx, 1
	mov ecx, ebx
	or ecx, 0x80000000
	div ecx			; (hi >> 1):lo / (hi | 1 << 31): no overflow
	add edi, eax
	mov ax, si
	cwd
	mov cx, bp
	and cx, 0x7F
	inc cx
	idiv cx			; (int16)x / ((i & 127) + 1), truncating
	movzx eax, ax
	movzx edx, dx
	shl edx, 16
	or eax, edx
	xor edi, eax		; acc ^= quotient | remainder << 16
	dec ebp
	jnz .loop
	mov eax, edi
	jmp mix

; ---- phase 2: memory moves ------------------------------------------
; REP STOSD, a byte fill loop, REP MOVSD, an unaligned REP MOVSB, a byte
; copy loop, then a LODSB loop folds buffer B into one word.
phase_memory:
	mov al, 2
	out PHASE_PORT, al
	mov edi, BUF_B
	mov ecx, BUF_SIZE / 4
	mov eax, 0xA5A5A5A5
	a32 rep stosd		; B[0..8191] = 0xA5
	mov di, BUF_A
	mov cx, BUF_SIZE
	mov al, 3
.fill:
	mov [di], al		; A[k] = k * 7 + 3
	add al, 7
	inc di
	dec cx
	jnz .fill
	mov si, BUF_A
	mov di, BUF_B
	mov cx, 1024
	rep movsd		; B[0..4095] = A[0..4095]
	mov si, BUF_A + 1
	mov di, BUF_B + 4099
	mov cx, 2048
	rep movsb		; B[4099..6146] = A[1..2048]
	mov si, BUF_A + 3000
	mov di, BUF_B + 6600
	xor bx, bx
.copy:
	mov al, [si + bx]
	add al, bl
	mov [di + bx], al	; B[6600 + k] = A[3000 + k] + k
	inc bx
	cmp bx, 1500
	jb .copy
	mov si, BUF_B
	mov cx, BUF_SIZE
	xor edx, edx
.sum:
	lodsb
	rol edx, 3
	xor dl, al		; s = rol(s, 3) ^ B[k]
	loop .sum
	mov eax, edx
	jmp mix

; ---- phase 3: calls -------------------------------------------------
; Each step calls one of four functions through a table, picked by the
; low bits of the value, then a helper directly.  Functions take and
; return EAX and keep the other registers.
phase_calls:
	mov al, 3
	out PHASE_PORT, al
	mov eax, 0x0BADF00D
	mov ebp, CALLS_N
.loop:
	movzx ebx, al
	and bl, 3
	call [cs:functions + ebx * 2]
	call add_counter
	dec ebp
	jnz .loop
	jmp mix

functions:
	dw times5_plus1, rotate_xor, shrink_then_times5, shift_xor_not

times5_plus1:			; x * 5 + 1
	lea eax, [eax + eax * 4 + 1]
	ret

rotate_xor:			; rol(x, 5) ^ 0x5A5A5A5A
	rol eax, 5
	xor eax, 0x5A5A5A5A
	ret

shrink_then_times5:		; times5_plus1(x - (x >> 3))
	push ebx
	mov ebx, eax
	shr ebx, 3
	sub eax, ebx
	call times5_plus1
	pop ebx
	ret

shift_xor_not:			; ~(x ^ (x << 7))
	push edx
	mov edx, eax
	shl edx, 7
	xor eax, edx
	not eax
	pop edx
	ret

add_counter:			; x + i
	add eax, ebp
	ret

; ---- phase 4: sieve of Eratosthenes ---------------------------------
phase_sieve:
	mov al, 4
	out PHASE_PORT, al
	mov di, SIEVE
	mov cx, SIEVE_N / 4
	mov eax, 0x01010101
	rep stosd
	mov word [SIEVE], 0	; 0 and 1 are not prime
	mov bx, 2
.outer:
	cmp byte [SIEVE + bx], 0
	je .next
	mov ax, bx
	mul bx
	mov di, ax		; first multiple to strike: i * i
.strike:
	mov byte [SIEVE + di], 0
	add di, bx
	cmp di, SIEVE_N
	jb .strike
.next:
	inc bx
	mov ax, bx
	mul bx
	cmp ax, SIEVE_N
	jb .outer
	xor ecx, ecx		; how many primes
	xor edx, edx		; their sum
	xor ebx, ebx
.count:
	cmp byte [SIEVE + bx], 0
	je .composite
	inc ecx
	add edx, ebx
.composite:
	inc bx
	cmp bx, SIEVE_N
	jb .count
	mov eax, ecx
	shl eax, 16
	xor eax, edx		; count << 16 ^ sum
	jmp mix

; ---- phase 5: CRC-32 (IEEE, reflected) over buffer B ----------------
phase_crc:
	mov al, 5
	out PHASE_PORT, al
	xor ebx, ebx
.table:
	mov eax, ebx
	mov cx, 8
.bit:
	shr eax, 1
	jnc .even
	xor eax, 0xEDB88320
.even:
	loop .bit
	mov [CRCTAB + ebx * 4], eax
	inc bx
	cmp bx, 256
	jb .table
	mov eax, 0xFFFFFFFF
	mov si, BUF_B
	mov cx, BUF_SIZE
	xor ebx, ebx
.byte:
	mov bl, [si]
	inc si
	xor bl, al
	shr eax, 8
	xor eax, [CRCTAB + ebx * 4]
	dec cx
	jnz .byte
	not eax
	jmp mix

; ---- phase 6: insertion sort of LCG output (unsigned) ---------------
phase_sort:
	mov al, 6
	out PHASE_PORT, al
	mov eax, 0xC0FFEE11
	xor ebx, ebx
.fill:
	imul eax, eax, 1103515245
	add eax, 12345
	mov [SORTA + ebx * 4], eax
	inc bx
	cmp bx, SORT_N
	jb .fill
	mov esi, 1
.outer:
	mov eax, [SORTA + esi * 4]	; v = a[k]
	mov edi, esi
.inner:
	test edi, edi
	jz .place
	mov edx, [SORTA - 4 + edi * 4]
	cmp edx, eax
	jbe .place
	mov [SORTA + edi * 4], edx	; a[j] = a[j - 1]
	dec edi
	jmp .inner
.place:
	mov [SORTA + edi * 4], eax
	inc esi
	cmp esi, SORT_N
	jb .outer
	xor ecx, ecx
	xor ebx, ebx
.weigh:
	mov eax, [SORTA + ebx * 4]
	lea edx, [ebx + 1]
	imul eax, edx
	add ecx, eax		; sum of a[k] * (k + 1)
	inc ebx
	cmp ebx, SORT_N
	jb .weigh
	mov eax, ecx
	jmp mix

; ---- phase 7: a bytecode interpreter --------------------------------
; A register machine with 8 dword registers and 256 dwords of memory,
; its program in this ROM.  Each instruction is an opcode byte and
; operand bytes; the loop dispatches through a jump table, as the switch
; of any interpreter does.
OP_HALT	equ 0
OP_LOADI equ 1			; rd imm32: r[d] = imm
OP_ADD	equ 2			; rd rs: r[d] += r[s]
OP_XOR	equ 3			; rd rs: r[d] ^= r[s]
OP_MOV	equ 4			; rd rs: r[d] = r[s]
OP_MULI	equ 5			; rd imm8: r[d] *= imm (unsigned)
OP_ADDI	equ 6			; rd imm8: r[d] += imm (signed)
OP_SHRI	equ 7			; rd imm8: r[d] >>= imm
OP_ROLI	equ 8			; rd imm8: r[d] = rol(r[d], imm)
OP_DEC	equ 9			; rd: r[d] -= 1
OP_JNZ	equ 10			; rd rel8: if r[d] != 0, jump rel8 past the end
OP_LOAD	equ 11			; rd rs: r[d] = mem[r[s] & 255]
OP_STORE equ 12			; rd rs: mem[r[s] & 255] = r[d]
OP_COUNT equ 13

phase_bytecode:
	mov al, 7
	out PHASE_PORT, al
	mov di, VMREGS
	mov cx, 8 + 256
	xor eax, eax
	rep stosd
	mov si, vm_program
dispatch:
	movzx ebx, byte [cs:si]
	cmp bl, OP_COUNT
	jae vm_bad_opcode
	jmp [cs:vm_handlers + ebx * 2]

vm_handlers:
	dw vm_halt, vm_loadi, vm_add, vm_xor, vm_mov, vm_muli, vm_addi, vm_shri
	dw vm_roli, vm_dec, vm_jnz, vm_load, vm_store

vm_loadi:
	movzx ebx, byte [cs:si + 1]
	mov eax, [cs:si + 2]
	mov [VMREGS + ebx * 4], eax
	add si, 6
	jmp dispatch
vm_add:
	movzx ebx, byte [cs:si + 1]
	movzx ecx, byte [cs:si + 2]
	mov eax, [VMREGS + ecx * 4]
	add [VMREGS + ebx * 4], eax
	add si, 3
	jmp dispatch
vm_xor:
	movzx ebx, byte [cs:si + 1]
	movzx ecx, byte [cs:si + 2]
	mov eax, [VMREGS + ecx * 4]
	xor [VMREGS + ebx * 4], eax
	add si, 3
	jmp dispatch
vm_mov:
	movzx ebx, byte [cs:si + 1]
	movzx ecx, byte [cs:si + 2]
	mov eax, [VMREGS + ecx * 4]
	mov [VMREGS + ebx * 4], eax
	add si, 3
	jmp dispatch
vm_muli:
	movzx ebx, byte [cs:si + 1]
	movzx ecx, byte [cs:si + 2]
	mov eax, [VMREGS + ebx * 4]
	imul eax, ecx
	mov [VMREGS + ebx * 4], eax
	add si, 3
	jmp dispatch
vm_addi:
	movzx ebx, byte [cs:si + 1]
	movsx eax, byte [cs:si + 2]
	add [VMREGS + ebx * 4], eax
	add si, 3
	jmp dispatch
vm_shri:
	movzx ebx, byte [cs:si + 1]
	mov cl, [cs:si + 2]
	shr dword [VMREGS + ebx * 4], cl
	add si, 3
	jmp dispatch
vm_roli:
	movzx ebx, byte [cs:si + 1]
	mov cl, [cs:si + 2]
	rol dword [VMREGS + ebx * 4], cl
	add si, 3
	jmp dispatch
vm_dec:
	movzx ebx, byte [cs:si + 1]
	dec dword [VMREGS + ebx * 4]
	add si, 2
	jmp dispatch
vm_jnz:
	movzx ebx, byte [cs:si + 1]
	movsx ax, byte [cs:si + 2]
	add si, 3
	cmp dword [VMREGS + ebx * 4], 0
	je dispatch
	add si, ax
	jmp dispatch
vm_load:
	movzx ebx, byte [cs:si + 2]
	movzx ebx, byte [VMREGS + ebx * 4]	; r[s] & 255
	mov eax, [VMMEM + ebx * 4]
	movzx ebx, byte [cs:si + 1]
	mov [VMREGS + ebx * 4], eax
	add si, 3
	jmp dispatch
vm_store:
	movzx ebx, byte [cs:si + 1]
	mov eax, [VMREGS + ebx * 4]
	movzx ebx, byte [cs:si + 2]
	movzx ebx, byte [VMREGS + ebx * 4]	; r[s] & 255
	mov [VMMEM + ebx * 4], eax
	add si, 3
	jmp dispatch
vm_halt:
	mov eax, [VMREGS + 0 * 4]
	xor eax, [VMREGS + 2 * 4]	; result: r0 ^ r2
	jmp mix
vm_bad_opcode:
	mov si, bad_opcode_text
	call print_cs
	cli
	hlt

; The program: r0 accumulates, r1 counts down, r2 is an LCG, r3 an index,
; r4 a value read, changed and written back to memory, r5 a constant.
%macro jnz_vm 2			; register, target
%%here:
	db OP_JNZ, %1, (%2) - (%%here + 3)
%endmacro
vm_program:
	db OP_LOADI, 0
	dd 0
	db OP_LOADI, 1
	dd VM_N
	db OP_LOADI, 2
	dd 12345
	db OP_LOADI, 5
	dd 0x9E3779B9
.loop:
	db OP_MULI, 2, 75
	db OP_ADDI, 2, 74	; r2 = r2 * 75 + 74
	db OP_MOV, 3, 2
	db OP_SHRI, 3, 7	; r3 = r2 >> 7
	db OP_LOAD, 4, 3	; r4 = mem[r3 & 255]
	db OP_XOR, 4, 2
	db OP_ADD, 4, 5
	db OP_STORE, 4, 3	; mem[r3 & 255] = (r4 ^ r2) + r5
	db OP_ADD, 0, 4
	db OP_ROLI, 0, 3	; r0 = rol(r0 + r4, 3)
	db OP_DEC, 1
	jnz_vm 1, .loop
	db OP_HALT

; ---- output ---------------------------------------------------------
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

; Prints EAX as 8 hexadecimal digits.
print_hex32:
	push eax
	shr eax, 16
	call print_hex16
	pop eax
	jmp print_hex16

; Prints AX as 4 hexadecimal digits.  8086 code, as the fault report
; below must work on every model.
print_hex16:
	push ax
	push bx
	push cx
	mov bx, ax
	mov cx, 4
.digit:
	rol bx, 1		; rol bx, 4 needs an 80186
	rol bx, 1
	rol bx, 1
	rol bx, 1
	mov al, bl
	and al, 0x0F
	add al, '0'
	cmp al, '9'
	jbe .out
	add al, 'A' - '0' - 10
.out:
	out DEBUGCON, al
	loop .digit
	pop cx
	pop bx
	pop ax
	ret

; Any interrupt or exception (such as #UD on a CPU older than the 386):
; print the interrupted CS:IP and stop.  8086 code.
unexpected:
	mov bp, sp
	mov si, unexpected_text
	call print_cs
	mov ax, [ss:bp + 2]
	call print_hex16
	mov al, ':'
	out DEBUGCON, al
	mov ax, [ss:bp]
	call print_hex16
	mov al, 10
	out DEBUGCON, al
	cli
	hlt
	jmp unexpected

checksum_text:
	db "checksum ", 0
unexpected_text:
	db "unexpected interrupt or exception at CS:IP ", 0
bad_opcode_text:
	db "bytecode: bad opcode", 10, 0

	times 0xFFF0 - ($ - $$) db 0xFF
reset:				; F000:FFF0, the reset vector
	jmp 0xF000:start
	times 0x10000 - ($ - $$) db 0xFF
