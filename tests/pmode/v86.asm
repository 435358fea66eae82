; Virtual-8086 mode (SDM Vol. 3, chapter 20; Vol. 2 CLI, STI, PUSHF,
; POPF, INT n/INT3/INTO, IRET, IN/OUT): entering it with IRET, segment
; arithmetic and the 64 KiB limit, the IOPL-sensitive instructions
; (#GP(0) with IOPL < 3; INT3 and INTO are not IOPL-sensitive), the I/O
; permission bitmap (used whatever the IOPL), INT n to a ring-0 handler
; (the stack switch, the pushed ES DS FS GS, the nulled segment
; registers) and IRET back, and the instructions V86 mode refuses.
%include "pm.inc"

V	equ SCRATCH		; results of the snippets (linear = offset, DS = 0)

test_main:
	SET_GATE 0x41, SEL_CODE32, v86_int_handler, INTGATE32 | DPL3
	SET_GATE 0x42, SEL_CODE3, v86_int_handler, INTGATE32 | DPL3
	or byte [IDT_BASE + 3 * 8 + 5], 0x60	; INT3, INTO: gates of DPL 3
	or byte [IDT_BASE + 4 * 8 + 5], 0x60

	; ---- entering ----
	V86_CALL v86_regs, 3
	PRINT "V86-ENTRY: CS="
	PHEX16 [V + 0]
	PRINT " SS="
	PHEX16 [V + 2]
	PRINT " SP="
	PHEX16 [V + 4]
	PRINT " DS="
	PHEX16 [V + 6]
	PRINT " ES="
	PHEX16 [V + 8]
	PRINT " FS="
	PHEX16 [V + 10]
	PRINT " GS="
	PHEX16 [V + 12]
	PRINT 10, "V86-PUSHFD-IMAGE: "
	PHEX32 [V + 16]
	PRINT 10
	V86_CALL v86_addressing, 3
	PRINT "V86-ADDRESSING: 1234:0010 is linear 12350: "
	PHEX16 [0x12350]
	PRINT 10
	TRY "V86-WORD-AT-FFFF", v86_wrap_insn
	V86_CALL v86_wrap, 3
	ENDTRY

	; ---- IOPL-sensitive instructions, IOPL 0 ----
	TRY "V86-IOPL0-CLI", v86_cli_insn
	V86_CALL v86_cli, 0
	ENDTRY
	TRY "V86-IOPL0-STI", v86_sti_insn
	V86_CALL v86_sti, 0
	ENDTRY
	TRY "V86-IOPL0-PUSHF", v86_pushf_insn
	V86_CALL v86_pushf, 0
	ENDTRY
	TRY "V86-IOPL0-POPF", v86_popf_insn
	V86_CALL v86_popf, 0
	ENDTRY
	TRY "V86-IOPL0-INT-N", v86_int_insn
	V86_CALL v86_int, 0
	ENDTRY
	TRY "V86-IOPL0-IRET", v86_iret_insn
	V86_CALL v86_iret, 0
	ENDTRY
	TRY "V86-IOPL0-INT3", v86_int3_insn
	V86_CALL v86_int3, 0
	ENDTRY
	TRY "V86-IOPL0-INTO", v86_into_insn
	V86_CALL v86_into, 0
	ENDTRY

	; ---- the same with IOPL 3 ----
	TRY "V86-IOPL3-CLI-STI-PUSHF-POPF-IRET"
	V86_CALL v86_iopl3, 3
	ENDTRY
	PRINT "V86-IOPL3-POPF-KEEPS-IOPL: FLAGS="
	PHEX16 [V + 0]
	PRINT " after POPF 0200: "
	PHEX16 [V + 2]
	PRINT 10
	TRY "V86-IOPL3-INT3", v86_int3_insn
	V86_CALL v86_int3, 3
	ENDTRY

	; ---- INT n to a ring-0 handler and IRET back ----
	V86_CALL v86_int_ring0, 3
	PRINT "V86-INT-HANDLER: DS="
	PHEX16 [V + 0x20]
	PRINT " ES="
	PHEX16 [V + 0x22]
	PRINT " FS="
	PHEX16 [V + 0x24]
	PRINT " GS="
	PHEX16 [V + 0x26]
	PRINT " SS="
	PHEX16 [V + 0x28]
	PRINT " ESP="
	PHEX32 [V + 0x2C]
	PRINT 10, "V86-INT-FRAME: EIP="
	PLABEL [V + 0x30], v86_int_ret
	PRINT " CS="
	PHEX16 [V + 0x34]
	PRINT " EFLAGS="
	PHEX32 [V + 0x38]
	PRINT " ESP="
	PHEX32 [V + 0x3C]
	PRINT " SS="
	PHEX16 [V + 0x40]
	PRINT 10, "V86-INT-FRAME-SEGMENTS: ES="
	PHEX16 [V + 0x44]
	PRINT " DS="
	PHEX16 [V + 0x48]
	PRINT " FS="
	PHEX16 [V + 0x4C]
	PRINT " GS="
	PHEX16 [V + 0x50]
	PRINT 10, "V86-AFTER-IRETD: DS="
	PHEX16 [V + 0x60]
	PRINT " ES="
	PHEX16 [V + 0x62]
	PRINT " FS="
	PHEX16 [V + 0x64]
	PRINT " GS="
	PHEX16 [V + 0x66]
	PRINT 10
	TRY "V86-INT-TO-DPL3-CODE", v86_int42_insn
	V86_CALL v86_int42, 3
	ENDTRY

	; ---- the I/O permission bitmap ----
	or byte [IOMAP + 0x80 / 8], 1		; deny port 80
	TRY "V86-IO-DENIED-PORT", v86_in80_insn
	V86_CALL v86_in80, 0
	ENDTRY
	TRY "V86-IO-ALLOWED-PORT"
	V86_CALL v86_in81, 0
	ENDTRY
	TRY "V86-IO-WORD-TOUCHING-DENIED-PORT", v86_in7f_insn
	V86_CALL v86_in7f, 0
	ENDTRY
	TRY "V86-IO-DENIED-PORT-IOPL3", v86_in80_insn
	V86_CALL v86_in80, 3
	ENDTRY
	; Outside V86 mode the bitmap matters only when CPL > IOPL.
	TRY "PM-CPL3-IOPL3-DENIED-PORT"
	mov [ring0_esp], esp
	push dword SEL_DATA3
	push dword STACK3_TOP
	push dword 0x3002			; IOPL 3
	push dword SEL_CODE3
	push dword .r3_iopl3
	iretd
.r3_iopl3:
	MARK in al, 0x80
	RING0
	ENDTRY
	push dword 0x0002
	popfd
	TRY "PM-CPL3-IOPL0-DENIED-PORT"
	RING3
	MARK in al, 0x80
	RING0
	ENDTRY
	and byte [IOMAP + 0x80 / 8], 0xFE
	mov word [TSS_BASE + 0x66], 0x3000	; I/O map base past the TSS limit
	TRY "V86-IO-MAP-BASE-PAST-LIMIT", v86_in81_insn
	V86_CALL v86_in81, 3
	ENDTRY
	mov word [TSS_BASE + 0x66], 0x68

	; ---- refused in V86 mode ----
	TRY "V86-LAR", v86_lar_insn
	V86_CALL v86_lar, 3
	ENDTRY
	TRY "V86-MOV-CR0", v86_movcr_insn
	V86_CALL v86_movcr, 3
	ENDTRY
	ret

; A ring-0 handler for INT 0x41 from V86 mode: records its segment
; registers, stack and frame, then IRETD back to V86 mode.
v86_int_handler:
	mov [ss:V + 0x20], ds		; (DS is null here: the stores use SS)
	mov [ss:V + 0x22], es
	mov [ss:V + 0x24], fs
	mov [ss:V + 0x26], gs
	mov [ss:V + 0x28], ss
	mov [ss:V + 0x2C], esp
	push eax
	mov ax, SEL_DATA
	mov ds, ax
	mov eax, [esp + 4]
	mov [V + 0x30], eax
	mov eax, [esp + 8]
	mov [V + 0x34], eax
	mov eax, [esp + 12]
	mov [V + 0x38], eax
	mov eax, [esp + 16]
	mov [V + 0x3C], eax
	mov eax, [esp + 20]
	mov [V + 0x40], eax
	mov eax, [esp + 24]
	mov [V + 0x44], eax
	mov eax, [esp + 28]
	mov [V + 0x48], eax
	mov eax, [esp + 32]
	mov [V + 0x4C], eax
	mov eax, [esp + 36]
	mov [V + 0x50], eax
	pop eax
	iretd

; ================= the virtual-8086 snippets (end with HLT) =================
	bits 16
v86_regs:
	mov [V + 0], cs
	mov [V + 2], ss
	mov [V + 4], sp
	mov [V + 6], ds
	mov [V + 8], es
	mov [V + 10], fs
	mov [V + 12], gs
	pushfd
	pop dword [V + 16]
	hlt

v86_addressing:
	mov ax, 0x1234
	mov ds, ax
	mov word [0x0010], 0xBEEF
	hlt

v86_wrap:
	mov ax, 0x1234
	mov ds, ax
	XMARK v86_wrap_insn, mov ax, [0xFFFF]
	hlt

v86_cli:
	XMARK v86_cli_insn, cli
	hlt
v86_sti:
	XMARK v86_sti_insn, sti
	hlt
v86_pushf:
	XMARK v86_pushf_insn, pushf
	hlt
v86_popf:
	push word 0
	XMARK v86_popf_insn, popf
	hlt
v86_int:
	XMARK v86_int_insn, int 0x41
	hlt
v86_iret:
	XMARK v86_iret_insn, iret
	hlt
v86_int3:
	XMARK v86_int3_insn, int3
	hlt
v86_into:
	mov al, 0x7F
	add al, 1			; OF = 1
	XMARK v86_into_insn, into
	hlt

v86_iopl3:
	cli
	sti
	cli
	pushf
	pop ax
	mov [V + 0], ax
	push word 0x0200		; IF, IOPL 0
	popf
	pushf
	pop ax
	mov [V + 2], ax
	cli
	pushf
	push cs
	push word .after
	iret
.after:
	hlt

v86_int_ring0:
	mov ax, 0x1111
	mov ds, ax
	mov ax, 0x2222
	mov es, ax
	mov ax, 0x3333
	mov fs, ax
	mov ax, 0x4444
	mov gs, ax
	int 0x41
v86_int_ret:
	xor ax, ax
	mov ss, ax			; (SS is 0: store through it)
	mov [ss:V + 0x60], ds
	mov [ss:V + 0x62], es
	mov [ss:V + 0x64], fs
	mov [ss:V + 0x66], gs
	hlt

v86_int42:
	XMARK v86_int42_insn, int 0x42
	hlt

v86_in80:
	XMARK v86_in80_insn, in al, 0x80
	hlt
v86_in81:
	XMARK v86_in81_insn, in al, 0x81
	hlt
v86_in7f:
	mov dx, 0x7F
	XMARK v86_in7f_insn, in ax, dx
	hlt

v86_lar:
	XMARK v86_lar_insn, lar ax, bx
	hlt
v86_movcr:
	XMARK v86_movcr_insn, mov eax, cr0
	hlt
	bits 32

test_gdt:
test_gdt_end:

	ROM_END
