; "Big real mode" (SDM Vol. 3, 9.9.2 and 20.1.1: in real-address mode a
; segment-register load changes only the base; the limit and the other
; attributes stay as protected mode left them).  DS and FS leave
; protected mode with a 4 GiB limit, ES and SS with 64 KiB: after the
; return to real mode (and after reloading DS there) 32-bit addresses
; above 1 MiB work through DS and FS, while ES and SS still fault at
; their 64 KiB limit (#GP, #SS through the real-mode IVT, no error code).
%include "pm.inc"

R		equ SCRATCH
RM_RESUME	equ VARS + 0xF0	; real-mode check: where the handler resumes
RM_MARK		equ VARS + 0xF2	;   and the instruction expected to fault

%macro RTRY 1
	%push rtry
	PRINT16 %1, ": "
	mov word [ss:RM_RESUME], %$done
	mov word [ss:RM_MARK], %$mark
%endmacro

%macro RENDTRY 0
	PRINT16 "no fault", 10
%$done:
	%pop
%endmacro

test_main:
	mov dword [0x200000], 0xB16B00B5
	mov word [6 * 4], rm_exc6		; the real-mode IVT
	mov word [6 * 4 + 2], 0xF000
	mov word [12 * 4], rm_exc12
	mov word [12 * 4 + 2], 0xF000
	mov word [13 * 4], rm_exc13
	mov word [13 * 4 + 2], 0xF000
	mov word [R], 0x3FF
	mov dword [R + 2], 0
	lidt [R]
	mov ax, SEL_DATA			; 4 GiB
	mov ds, ax
	mov fs, ax
	mov ax, SEL_DATA16			; 64 KiB
	mov es, ax
	mov gs, ax
	mov ss, ax
	mov esp, 0x7000
	jmp SEL_CODE16:to_real

	bits 16
to_real:
	mov eax, cr0
	and al, 0xFE
	mov cr0, eax
	jmp 0xF000:rm_entry
rm_entry:
	xor ax, ax
	mov ss, ax
	mov sp, 0x7000
	mov ds, ax
	mov eax, cr0
	PRINT16 "REAL-MODE: CR0.PE="
	and ax, 1
	call print16_hex16
	PRINT16 10

	RTRY "BIGREAL-DS-READ-2MIB"
	MARK mov eax, [dword 0x200000]
	RENDTRY
	PRINT16 "BIGREAL-DS-VALUE: "
	ror eax, 16
	call print16_hex16
	ror eax, 16
	call print16_hex16
	PRINT16 10
	RTRY "BIGREAL-DS-RELOADED-1000"
	mov ax, 0x1000
	mov ds, ax
	MARK mov eax, [dword 0x100000]
	RENDTRY
	xor ax, ax
	mov ds, ax
	RTRY "BIGREAL-FS-WRITE-3MIB"
	MARK mov [fs:dword 0x300000], eax
	RENDTRY
	RTRY "REAL-ES-64K-LAST-BYTE"
	MARK mov al, [es:0xFFFF]
	RENDTRY
	RTRY "REAL-ES-64K-WORD-AT-FFFF"
	MARK mov ax, [es:0xFFFF]
	RENDTRY
	RTRY "REAL-ES-64K-32-BIT-ADDRESS-PAST-LIMIT"
	MARK mov al, [es:dword 0x10000]
	RENDTRY
	RTRY "REAL-SS-WORD-AT-FFFF"
	mov bp, 0xFFFF
	MARK mov ax, [bp]
	RENDTRY
	RTRY "REAL-UD2"
	MARK ud2
	RENDTRY
	PRINT16 "END", 10
	cli
	hlt

; Real-mode exception handlers: print the vector and where it happened,
; then resume the check.
rm_exc6:
	push word 6
	jmp rm_exc
rm_exc12:
	push word 12
	jmp rm_exc
rm_exc13:
	push word 13
	jmp rm_exc
rm_exc:
	mov bp, sp
	cmp word [bp], 6
	jne .not_ud
	PRINT16 "#UD"
	jmp .at
.not_ud:
	cmp word [bp], 12
	jne .not_ss
	PRINT16 "#SS"
	jmp .at
.not_ss:
	PRINT16 "#GP"
.at:
	PRINT16 " at "
	mov ax, [bp + 4]
	call print16_hex16
	PRINT16 ":"
	mov ax, [bp + 2]
	cmp ax, [ss:RM_MARK]
	jne .hex
	PRINT16 "mark"
	jmp .done
.hex:
	call print16_hex16
.done:
	PRINT16 10
	mov ax, [ss:RM_RESUME]
	mov [bp + 2], ax
	add sp, 2
	iret
	bits 32

test_gdt:
test_gdt_end:

	ROM_END
