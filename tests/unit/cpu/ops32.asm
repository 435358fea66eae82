; 32-bit operand and address sizes in real mode (386): prefixes 66/67,
; SIB forms, EBP/ESP defaulting to SS, LEA with scale.
	cpu 386
	bits 16
	org 0x7C00
	mov eax, 0x12345678
	add eax, 0x11111111		; 0x23456789
	mov ebx, 0x500
	mov esi, 3
	mov [ebx+esi*4+8], eax		; [0x514], needs a SIB byte
	mov ecx, [0x514]
	mov edx, 0xFFFFFFFF
	stc
	inc edx				; 0, CF stays set
	setc [0x520]
	mov ax, 0x3000
	mov ss, ax
	mov ebp, 0x600
	mov dword [ebp], 0xCAFEBABE	; SS:0x600 = 0x30600
	mov edi, [ebp+0]
	mov esp, 0x700
	mov dword [esp+4], 0x11223344	; SIB base ESP: SS as well
	mov ebx, [ss:esp+4]
	lea esi, [ecx+ecx*2+5]
	mov dword [0x530], 0x80000000
	add dword [0x530], 0x80000000	; 0, CF=1 OF=1 ZF=1
	pushfd
	pop dword [0x534]
	cli
	hlt
