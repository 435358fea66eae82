; Behaviour that differs between the 8086, 80186, 286 and 386.
	cpu 8086
	bits 16
	org 0x7C00
	xor ax, ax
	mov ds, ax
	mov ss, ax
	mov word [0*4], de_handler
	mov word [0*4+2], 0
	mov sp, 0x7000
	push sp
	pop ax				; 8086/186: 0x6FFE, 286+: 0x7000
	mov [0x600], ax
	mov cl, 33
	mov bx, 1
	shl bx, cl			; 8086: 0; 186+: count 1 -> 2
	mov [0x602], bx
	xor ax, ax
	push ax
	popf
	pushf
	pop ax				; 8086/186: 0xF002; 286: 0x0002; 386: 0x0002
	mov [0x604], ax
	mov ax, 0x7000
	push ax
	popf
	pushf
	pop ax				; 8086/186: 0xF002; 286: 0x0002; 386: 0x7002
	mov [0x606], ax
	mov ax, 0x1234
	mov bl, 0
div_here:
	div bl				; #DE
after_div:
	mov [0x60A], bp
	stc
	db 0xD6				; SALC: AL = 0xFF
	mov [0x60C], al
	cli
	hlt
de_handler:
	mov bp, sp
	mov si, [bp]			; pushed IP: 8086: after_div, later: div_here
	mov [0x608], si
	mov word [bp], after_div
	mov bp, 0x600D
	iret
