; Instructions the 386 added: MOVZX MOVSX, BT family with a memory bit
; offset, BSF BSR, SHLD SHRD, SETcc, IMUL forms, Jcc near, LFS, PUSH FS.
	cpu 386
	bits 16
	org 0x7C00
	mov ax, 0x80F0
	movzx ebx, ah			; 0x80
	movsx ecx, ah			; 0xFFFFFF80
	movsx edx, ax			; 0xFFFF80F0
	mov dword [0x600], 0
	mov dword [0x604], 0
	mov eax, 35
	bts [0x600], eax		; sets bit 3 of dword [0x604]
	mov eax, -1
	bts dword [0x608], eax		; bit 31 of dword [0x604]
	mov esi, [0x604]		; 0x80000008
	mov eax, 0x00F00000
	bsf edi, eax			; 20
	bsr ebp, eax			; 23
	mov dword [0x610], edi
	mov dword [0x614], ebp
	mov eax, 0x12345678
	mov edx, 0x9ABCDEF0
	shld eax, edx, 8		; 0x3456789A
	mov [0x618], eax
	shrd eax, edx, 4		; 0x03456789
	mov [0x61C], eax
	cmp eax, 0x03456789
	sete [0x620]
	setl [0x621]
	mov eax, -7
	imul eax, eax, 1000		; -7000
	mov [0x624], eax
	mov ecx, 3
	imul ecx, [0x624]		; -21000
	mov [0x628], ecx
	xor eax, eax
	jz near .far_target
	mov byte [0x62C], 0xEE		; skipped
	times 300 nop
.far_target:
	mov byte [0x62D], 0x77
	mov word [0x630], 0x1234
	mov word [0x632], 0x2000
	lfs bx, [0x630]
	push fs
	pop gs
	mov [0x634], gs
	mov [0x636], bx
	bt word [0x632], 13		; CF = 1
	setc [0x638]
	cli
	hlt
