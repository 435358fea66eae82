; The full-system benchmark's boot sector.  The BIOS loads it at
; 0000:7C00 from floppy A:; it loads the 32-bit payload (bench/pcbench-
; guest.c, PAYLOAD_SECTORS sectors from the second sector on: no more,
; as every sector read costs Bochs noticeable time) to
; 0x10000 through INT 13h, enables A20, enters protected mode with flat
; 4 GiB segments and interrupts off, and jumps to the payload with EAX
; pointing at the parameter block below.
;
; Assembled with -DROUNDS=n (rounds of the integer mix in each of the two
; runs; 0 for the image that measures everything but the work) and
; -DBOOT_ONLY=1 for the image that powers off as soon as the boot sector
; runs (the firmware's boot time).
	cpu 686
	bits 16
	org 0x7C00

%ifndef ROUNDS
%define ROUNDS 1
%endif
%ifndef BOOT_ONLY
%define BOOT_ONLY 0
%endif
PAYLOAD_SEGMENT equ 0x1000
%ifndef PAYLOAD_SECTORS           ; the payload's size, rounded up (pcbench-image.sh)
%define PAYLOAD_SECTORS 32
%endif
%if PAYLOAD_SECTORS < 1 || PAYLOAD_SECTORS > 32
%error "the payload must be 1 to 32 sectors (16 KiB)"
%endif
SECTORS_PER_TRACK equ 18          ; a 1.44 MB floppy
HEADS equ 2
BENCH_PORT equ 0xF5
MARK_BOOT equ 0x80                ; "the boot sector runs": glasspc times the firmware

	jmp short start
	nop
params:                           ; struct pcbench_params in pcbench-guest.c
	dd ROUNDS
	db BOOT_ONLY

start:
	mov al, MARK_BOOT
	out BENCH_PORT, al
	jmp 0:.flat_cs                ; a known CS whatever the BIOS used
.flat_cs:
	cli
	xor ax, ax
	mov ds, ax
	mov ss, ax
	mov sp, 0x7C00
	cld
	mov [boot_drive], dl
	cmp byte [params + 4], 0
	jne power_off_now

	; Sector by sector: every BIOS can read one sector that does not
	; cross a track or a 64 KiB boundary.
	mov di, 1                     ; LBA
	mov bx, PAYLOAD_SEGMENT
.load:
	mov es, bx
	mov ax, di
	xor dx, dx
	mov cx, SECTORS_PER_TRACK
	div cx                        ; ax = track, dx = sector - 1
	mov cl, dl
	inc cl                        ; sector
	xor dx, dx
	mov si, HEADS
	div si                        ; ax = cylinder, dx = head
	mov ch, al
	mov dh, dl
	mov dl, [boot_drive]
	mov si, 3                     ; tries
.retry:
	push bx
	xor bx, bx
	mov ax, 0x0201
	int 0x13
	pop bx
	jnc .loaded
	xor ax, ax                    ; reset the drive and try again
	int 0x13
	dec si
	jnz .retry
	mov si, load_error
	jmp fail
.loaded:
	add bx, 512 / 16
	inc di
	cmp di, PAYLOAD_SECTORS + 1
	jbe .load

	in al, 0x92                   ; fast A20
	or al, 2
	and al, 0xFE
	out 0x92, al

	cli
	lgdt [gdt_descriptor]
	mov eax, cr0
	or eax, 1
	mov cr0, eax
	jmp 0x08:protected

fail:                             ; SI: the message, to COM1 and the debug console
	lodsb
	test al, al
	jz power_off_now
	out 0xE9, al
	mov dx, 0x3F8
	out dx, al
	jmp fail

power_off_now:                    ; as the payload does it: ACPI S5, Bochs's port, glasspc's exit port
	mov eax, 0x80000000 | (((1 << 3) | 3) << 8) | 0x40
	mov dx, 0xCF8
	out dx, eax
	mov eax, 0xB001
	mov dx, 0xCFC
	out dx, eax
	mov eax, 0x80000000 | (((1 << 3) | 3) << 8) | 0x80
	mov dx, 0xCF8
	out dx, eax
	mov al, 1
	mov dx, 0xCFC
	out dx, al
	mov ax, 0x2000
	mov dx, 0xB004
	out dx, ax
	mov si, shutdown_word
	mov dx, 0x8900
.shutdown:
	lodsb
	test al, al
	jz .exit
	out dx, al
	jmp .shutdown
.exit:
	mov al, 0x7F
	out 0xF4, al
.halt:
	cli
	hlt
	jmp .halt

	bits 32
protected:
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov fs, ax
	mov gs, ax
	mov ss, ax
	mov esp, 0x90000
	mov eax, params
	jmp 0x08:(PAYLOAD_SEGMENT * 16)

	align 8
gdt:
	dq 0
	dq 0x00CF9A000000FFFF         ; 0x08: code, base 0, limit 4 GiB, 32-bit
	dq 0x00CF92000000FFFF         ; 0x10: data, base 0, limit 4 GiB
gdt_descriptor:
	dw gdt_descriptor - gdt - 1
	dd gdt

boot_drive: db 0
load_error: db "pcbench: cannot read the payload from the floppy", 13, 10, 0
shutdown_word: db "Shutdown", 0

	times 510 - ($ - $$) db 0
	dw 0xAA55
