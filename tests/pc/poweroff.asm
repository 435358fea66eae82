; ACPI soft-off: put the PIIX4's PM block at 0xB000 through PCI
; configuration cycles, check that its PM timer runs while the CPU
; works, then set SLP_EN with sleep type 0 (S5).  The machine powers off
; with status 0; status (0x55 << 1) | 1 = 171 if the timer stood still.
	bits 16
	org 0
PM_DEVFN equ (1 << 3) | 3          ; 00:01.3
start:
	cli
	mov eax, 0x80000000 | (PM_DEVFN << 8) | 0x40
	mov dx, 0xCF8
	out dx, eax
	mov eax, 0xB001                ; PMBASE
	mov dx, 0xCFC
	out dx, eax
	mov eax, 0x80000000 | (PM_DEVFN << 8) | 0x80
	mov dx, 0xCF8
	out dx, eax
	mov al, 1                      ; PMIOSE
	mov dx, 0xCFC
	out dx, al
	mov dx, 0xB008                 ; PM_TMR
	in eax, dx
	mov ebx, eax
	mov cx, 1000                   ; 1000 loops: about 40 timer ticks
.spin:
	loop .spin
	in eax, dx
	cmp eax, ebx
	je .fail
	mov ax, 0x2000                 ; SLP_EN, SLP_TYP 0
	mov dx, 0xB004
	out dx, ax
	hlt
.fail:
	mov al, 0x55
	out 0xF4, al
	hlt
%include "rom.inc"
