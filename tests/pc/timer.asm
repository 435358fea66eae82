; Virtual time: the PIT at 1 kHz on IRQ 0 through the PIC, the CPU halted
; between ticks.  After 1000 ticks (the first at once, when the mode 2
; control word raises OUT0, then 999 periods of 1193 PIT clocks: 0.99885 s
; of guest time) the ROM exits with status (0x2A << 1) | 1 = 85.
	bits 16
	org 0
TICKS equ 0x500
start:
	cli
	xor ax, ax
	mov ss, ax
	mov sp, 0x7000
	mov ds, ax
	mov word [8 * 4], irq0     ; IRQ 0 is vector 8 after ICW2 = 8
	mov word [8 * 4 + 2], 0xF000
	mov al, 0x11               ; ICW1: edge, cascade, ICW4
	out 0x20, al
	mov al, 0x08               ; ICW2: vectors 8-15
	out 0x21, al
	mov al, 0x04               ; ICW3: slave on IR2
	out 0x21, al
	mov al, 0x01               ; ICW4: 8086 mode
	out 0x21, al
	mov al, 0xFE               ; only IRQ 0
	out 0x21, al
	mov al, 0x34               ; counter 0, LSB then MSB, mode 2
	out 0x43, al
	mov al, 1193 & 0xFF
	out 0x40, al
	mov al, 1193 >> 8
	out 0x40, al
	mov word [TICKS], 0
	sti
.wait:
	hlt
	cmp word [TICKS], 1000
	jb .wait
	cli
	mov al, 0x2A
	out 0xF4, al
	hlt

irq0:
	inc word [TICKS]
	push ax
	mov al, 0x20               ; non-specific EOI
	out 0x20, al
	pop ax
	iret
%include "rom.inc"
