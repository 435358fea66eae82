; The boot sector gdb debugs in tests/debugger/gdb.sh: booted by SeaBIOS
; on the PC, or copied to 0000:7C00 by gdbrom.asm on the bare machine.
; It writes a word gdb watches, enters protected mode at a fixed address
; (PM32, where gdb puts a breakpoint), then waits for gdb to set a flag
; (the second gdb session, after a detach) and ends: 'RP' on port 0xE9,
; exit status 67 through the PC's port 0xF4, and a halt for the bare
; machine.
	bits 16
	org 0x7C00

WATCHED equ 0x600	; a word gdb watches: written once, 0x1234
PM_DATA equ 0x604	; written in protected mode
FLAG equ 0x700		; gdb sets it to let the guest finish
PM32 equ 0x7C80

start:
	jmp 0:real		; CS = 0, whatever the firmware used
real:
	xor ax, ax
	mov ds, ax
	mov ss, ax
	mov sp, 0x7000
	mov byte [FLAG], 0
	mov word [WATCHED], 0x1234
	mov al, 'R'
	out 0xE9, al
	cli
	lgdt [gdt_desc]
	mov eax, cr0
	or al, 1
	mov cr0, eax
	jmp dword 0x08:pm32

	align 8
gdt:	dq 0
	dq 0x00CF9A000000FFFF	; 0x08: code, 32-bit, base 0, 4 GiB
	dq 0x00CF92000000FFFF	; 0x10: data, base 0, 4 GiB
gdt_desc:
	dw gdt_desc - gdt - 1
	dd gdt

	times PM32 - 0x7C00 - ($ - $$) db 0x90
	bits 32
pm32:
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov esp, 0x7000
	mov dword [PM_DATA], 0xC0DE
.wait:
	cmp byte [FLAG], 0
	je .wait
	mov al, 'P'
	out 0xE9, al
	mov al, 10
	out 0xE9, al
	mov al, 0x21
	out 0xF4, al		; the PC: exit status 67
	cli
	hlt			; the bare machine: halted

	times 510 - ($ - $$) db 0
	dw 0xAA55
