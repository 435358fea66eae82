; A boot sector that triple-faults: an empty interrupt table, then INT3.
; INT3 is beyond the table's limit (#GP), so is the #GP (#DF), so is the
; #DF.  The debugger's tests (pc-console.sh) stop there.
	bits 16
	org 0x7C00
	jmp 0:start
start:
	cli
	xor ax, ax
	mov ds, ax
	lidt [empty_idt]
	int3
	hlt
empty_idt:
	dw 0
	dd 0
	times 510 - ($ - $$) db 0
	dw 0xAA55
