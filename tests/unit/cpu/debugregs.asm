; Debug registers and single-stepping in real mode (386): an instruction
; breakpoint is a fault before the instruction (RF lets it run on IRET),
; a data breakpoint a trap after the write, TF a trap after each
; instruction with DR6.BS.  The #DB handler records DR6 and the pushed IP.
	cpu 386
	bits 16
	org 0x7C00
	xor ax, ax
	mov ds, ax
	mov ss, ax
	mov sp, 0x7000
	mov word [1*4], db_handler
	mov word [1*4+2], 0
	mov word [0x800], 0		; count of #DB
	; Instruction breakpoint on `target` (linear = offset, CS = 0).
	mov eax, target
	mov dr0, eax
	mov eax, 0x00000001		; L0, RW0 = 00 (execute), LEN0 = 00
	mov dr7, eax
	xor cx, cx
target:
	inc cx				; #DB before it; runs once after IRET (RF)
	mov [0x900], cx
	; Data breakpoint on writes to the word at 0x600.
	mov eax, 0x600
	mov dr1, eax
	mov eax, 0x00500004		; L1, RW1 = 01 (write), LEN1 = 01 (2 bytes)
	mov dr7, eax
	mov word [0x601], 0x1234	; overlaps 0x600-0x601: trap after it
after_write:
	mov word [0x610], 1		; no trap
	xor eax, eax
	mov dr7, eax
	; Single step three instructions.
	mov word [0x720], 0		; trace count
	pushf
	pop ax
	or ax, 0x100
	push ax
	popf				; TF = 1: traps start after the next instruction
	nop
	nop
	pushf
	pop ax
	and ax, ~0x100
	push ax
	popf
	cli
	hlt

db_handler:
	push bp
	mov bp, sp
	push eax
	push bx
	inc word [0x800]
	mov bx, [0x800]
	shl bx, 1
	mov ax, [bp+2]			; the pushed IP
	mov [0x800 + bx], ax		; 0x802, 0x804 ... the IP of each #DB
	mov eax, dr6
	mov [0x840 + bx], ax		; the DR6 low word of each #DB
	xor eax, eax
	mov dr6, eax
	; A 16-bit IRET cannot set RF, so leave the instruction breakpoint
	; by disabling it (L0).
	mov eax, dr7
	and al, ~1
	mov dr7, eax
	pop bx
	pop eax
	pop bp
	iret
