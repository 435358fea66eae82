; Control transfer between privilege levels (SDM Vol. 3, 5.8-5.9 and 6.12;
; Vol. 2 CALL, JMP, RET, INT n, IRET): call gates of 16 and 32 bits with
; parameter copy and stack switch, the gate checks, JMP through a call
; gate, RETF to an outer level nulling data segment registers the outer
; level may not use, interrupt vs trap gates (IF), the INT n checks, and
; IRET to ring 3 (flags, nulled segment registers, the CS checks).
%include "pm.inc"

S_CG32	equ GDT_SEL(cg32)
S_CG16	equ GDT_SEL(cg16)
S_CG0	equ GDT_SEL(cg0)
S_CGNP	equ GDT_SEL(cg_np)
S_CGTO3	equ GDT_SEL(cg_to3)
S_CGTNP	equ GDT_SEL(cg_tnp)
S_CGTDATA equ GDT_SEL(cg_tdata)
S_CGNULLS equ GDT_SEL(cg_nulls)
S_CGJMP	equ GDT_SEL(cg_jmp)
S_CNP	equ GDT_SEL(c_np)
S_CONF0	equ GDT_SEL(c_conf0)
S_CR1	equ GDT_SEL(c_r1)
S_DR1	equ GDT_SEL(d_r1)
S_DR1NP	equ GDT_SEL(d_r1np)
S_CGR1	equ GDT_SEL(cg_r1)

R	equ SCRATCH		; results written by the code under test

test_main:
	; ---- 32-bit call gate, ring 3 to ring 0, two parameters ----
	RING3
	push dword 0x11111111
	push dword 0x22222222
	call S_CG32:0
cg32_ret:
	mov [R + 0x40], esp
	mov [R + 0x44], cs
	mov [R + 0x48], ss
	mov [R + 0x4C], ds
	RING0
	PRINT "CALLGATE32-IN: CS="
	PHEX16 [R + 0x00]
	PRINT " SS="
	PHEX16 [R + 0x04]
	PRINT " ESP="
	PHEX32 [R + 0x08]
	PRINT 10, "CALLGATE32-FRAME: EIP="
	PLABEL [R + 0x0C], cg32_ret
	PRINT " CS="
	PHEX16 [R + 0x10]
	PRINT " P1="
	PHEX32 [R + 0x14]
	PRINT " P2="
	PHEX32 [R + 0x18]
	PRINT " ESP="
	PHEX32 [R + 0x1C]
	PRINT " SS="
	PHEX16 [R + 0x20]
	PRINT 10, "CALLGATE32-RETF8: ESP="
	PHEX32 [R + 0x40]
	PRINT " CS="
	PHEX16 [R + 0x44]
	PRINT " SS="
	PHEX16 [R + 0x48]
	PRINT " DS="
	PHEX16 [R + 0x4C]
	PRINT 10

	; ---- 16-bit call gate, ring 3 to ring 0, two word parameters ----
	RING3
	push word 0x3333
	push word 0x4444
	call S_CG16:0
cg16_ret:
	mov [R + 0x40], esp
	RING0
	PRINT "CALLGATE16-IN: CS="
	PHEX16 [R + 0x00]
	PRINT " ESP="
	PHEX32 [R + 0x08]
	PRINT 10, "CALLGATE16-FRAME: IP="
	movzx eax, word [R + 0x0C]
	PLABEL eax, cg16_ret
	PRINT " CS="
	PHEX16 [R + 0x0E]
	PRINT " P1="
	PHEX16 [R + 0x10]
	PRINT " P2="
	PHEX16 [R + 0x12]
	PRINT " SP="
	PHEX16 [R + 0x14]
	PRINT " SS="
	PHEX16 [R + 0x16]
	PRINT 10, "CALLGATE16-RETF4: SP="
	PHEX16 [R + 0x40]
	PRINT 10

	; ---- call gate to ring 1: the inner stack comes from TSS.SS1:ESP1 ----
	mov dword [TSS_BASE + 0x0C], 0x38000
	mov dword [TSS_BASE + 0x10], S_DR1 | 1
	RING3
	call S_CGR1:0
	RING0
	PRINT "CALLGATE-R3-R1: CS="
	PHEX16 [R + 0x00]
	PRINT " SS="
	PHEX16 [R + 0x04]
	PRINT " ESP="
	PHEX32 [R + 0x08]
	PRINT 10
	mov dword [TSS_BASE + 0x10], 0
	TRY "CALLGATE-R1-SS1-NULL"
	RING3
	MARK call S_CGR1:0
	RING0
	ENDTRY
	mov dword [TSS_BASE + 0x10], SEL_DATA
	TRY "CALLGATE-R1-SS1-RPL0-DPL0"
	RING3
	MARK call S_CGR1:0
	RING0
	ENDTRY
	mov dword [TSS_BASE + 0x10], S_DR1NP | 1
	TRY "CALLGATE-R1-SS1-NOT-PRESENT"
	RING3
	MARK call S_CGR1:0
	RING0
	ENDTRY

	; ---- the gate checks ----
	TRY "CALLGATE-DPL0-FROM-CPL3"
	RING3
	MARK call S_CG0:0
	RING0
	ENDTRY
	TRY "CALLGATE-RPL3-DPL0-FROM-CPL0"
	MARK call (S_CG0 | 3):0
	ENDTRY
	TRY "CALLGATE-NOT-PRESENT"
	MARK call S_CGNP:0
	ENDTRY
	TRY "CALLGATE-TARGET-DPL3-FROM-CPL0"
	MARK call S_CGTO3:0
	ENDTRY
	TRY "CALLGATE-TARGET-NOT-PRESENT"
	MARK call S_CGTNP:0
	ENDTRY
	TRY "CALLGATE-TARGET-DATA"
	MARK call S_CGTDATA:0
	ENDTRY

	; ---- direct far transfers and RETF: the checks ----
	TRY "FAR-JMP-NULL"
	MARK jmp 0:0
	ENDTRY
	TRY "FAR-JMP-DATA-SEGMENT"
	MARK jmp SEL_DATA:0
	ENDTRY
	TRY "FAR-CALL-OFFSET-PAST-LIMIT"
	MARK call SEL_CODE32:0x10000
	ENDTRY
	TRY "RETF-TO-RPL0-FROM-CPL3"
	RING3
	push dword SEL_CODE32
	push dword 0
	MARK retf
	RING0
	ENDTRY
	TRY "RETF-OUTER-SS-RPL0"
	push dword SEL_DATA3 & ~3		; SS with RPL 0 for a return to ring 3
	push dword STACK3_TOP
	push dword SEL_CODE3
	push dword 0
	MARK retf
	ENDTRY
	TRY "RETF-OUTER-SS-NULL"
	push dword 0
	push dword STACK3_TOP
	push dword SEL_CODE3
	push dword 0
	MARK retf
	ENDTRY
	TRY "IRET-OUTER-SS-DPL0"
	push dword SEL_DATA | 3
	push dword STACK3_TOP
	push dword 0x0002
	push dword SEL_CODE3
	push dword 0
	MARK iretd
	ENDTRY

	; ---- JMP through a call gate: no stack switch, no privilege change ----
	mov [R + 0x40], esp
	jmp S_CGJMP:0
cgjmp_back:
	PRINT "JMP-CALLGATE-CPL0: CS="
	PHEX16 [R + 0x00]
	PRINT " ESP-unchanged="
	mov eax, [R + 0x08]
	cmp eax, [R + 0x40]
	sete al
	PHEX8 al
	PRINT 10
	TRY "JMP-CALLGATE-CPL3-TO-DPL0-CODE"
	RING3
	MARK jmp S_CG32:0
	RING0
	ENDTRY

	; ---- RETF to an outer level nulls DS/ES/FS/GS the outer level may not use ----
	RING3
	call S_CGNULLS:0
	mov [es:R + 0x40], ds
	mov [es:R + 0x44], es
	mov [es:R + 0x48], fs
	mov [es:R + 0x4C], gs
	RING0
	PRINT "RETF-OUTER-SEGMENTS: DS="
	PHEX16 [R + 0x40]
	PRINT " ES="
	PHEX16 [R + 0x44]
	PRINT " FS="
	PHEX16 [R + 0x48]
	PRINT " GS="
	PHEX16 [R + 0x4C]
	PRINT 10
	TRY "RETF-OUTER-NULLED-DS-USE"
	RING3
	call S_CGNULLS:0
	MARK mov eax, [0x6000]
	RING0
	ENDTRY

	; ---- interrupt and trap gates ----
	SET_GATE 0x40, SEL_CODE32, int_handler, INTGATE32
	SET_GATE 0x41, SEL_CODE32, int_handler, TRAPGATE32
	SET_GATE 0x42, SEL_CODE32, int16_handler, INTGATE16
	SET_GATE 0x43, SEL_CODE32, int_handler, (INTGATE32 | DPL3) & ~0x8000
	SET_GATE 0x45, SEL_CODE32, int_r3_handler, INTGATE32 | DPL3
	SET_GATE 0x46, SEL_CODE3, int_handler, INTGATE32 | DPL3
	sti
	int 0x40
	pushfd
	pop dword [R + 0x40]
	cli
	PRINT "INTGATE32: pushed-IF="
	PBIT [R + 0x08], 0x200
	PRINT " handler-IF="
	PBIT [R + 0x00], 0x200
	PRINT " after-IRET-IF="
	PBIT [R + 0x40], 0x200
	PRINT 10
	sti
	int 0x41
	cli
	PRINT "TRAPGATE32: pushed-IF="
	PBIT [R + 0x08], 0x200
	PRINT " handler-IF="
	PBIT [R + 0x00], 0x200
	PRINT 10
	mov [R + 0x40], esp
	sti
	int 0x42
int16_ret:
	cli
	PRINT "INTGATE16: IP="
	movzx eax, word [R + 0x04]
	PLABEL eax, int16_ret
	PRINT " CS="
	PHEX16 [R + 0x06]
	PRINT " FLAGS.IF="
	PBIT [R + 0x08], 0x200
	PRINT " ESP-drop="
	mov eax, [R + 0x40]
	sub eax, [R + 0x0C]
	PHEX8 al
	PRINT " handler-IF="
	PBIT [R + 0x00], 0x200
	PRINT 10
	RING3
	int 0x45
int45_ret:
	mov [es:R + 0x40], ds
	RING0
	PRINT "INT-R3-TO-R0: SS="
	PHEX16 [R + 0x00]
	PRINT " ESP="
	PHEX32 [R + 0x04]
	PRINT 10, "INT-R3-TO-R0-FRAME: EIP="
	PLABEL [R + 0x08], int45_ret
	PRINT " CS="
	PHEX16 [R + 0x0C]
	PRINT " EFLAGS="
	PHEX32 [R + 0x10]
	PRINT " ESP="
	PHEX32 [R + 0x14]
	PRINT " SS="
	PHEX16 [R + 0x18]
	PRINT 10, "INT-R3-IRET-NULLS-DS: DS="
	PHEX16 [R + 0x40]
	PRINT 10
	TRY "INT-GATE-DPL0-FROM-CPL3"
	RING3
	MARK int 0x40
	RING0
	ENDTRY
	TRY "INT-GATE-NOT-PRESENT"
	MARK int 0x43
	ENDTRY
	TRY "INT-EMPTY-IDT-ENTRY"
	MARK int 0x44
	ENDTRY
	TRY "INT-GATE-TO-DPL3-CODE-FROM-CPL0"
	MARK int 0x46
	ENDTRY
	mov word [R], 0x27F		; IDT limit: vectors 0-4F
	mov dword [R + 2], IDT_BASE
	lidt [R]
	TRY "INT-PAST-IDT-LIMIT"
	MARK int 0x50
	ENDTRY
	mov word [R], IDT_LIMIT
	lidt [R]

	; ---- IRET ----
	push dword SEL_DATA3
	push dword STACK3_TOP
	push dword 0x3202		; IOPL 3, IF
	push dword SEL_CODE3
	push dword .r3
	mov [ring0_esp], esp
	mov ax, SEL_DATA3
	mov es, ax
	mov ax, SEL_DATA
	mov ds, ax
	iretd
.r3:
	pushfd
	pop dword [es:R + 0x00]
	mov [es:R + 0x04], ds
	mov [es:R + 0x08], es
	RING0
	add esp, 20
	push dword 0x0002
	popfd
	PRINT "IRET-R0-TO-R3: IOPL="
	mov eax, [R + 0x00]
	shr eax, 12
	and al, 3
	PHEX8 al
	PRINT " IF="
	PBIT [R + 0x00], 0x200
	PRINT " DS="
	PHEX16 [R + 0x04]
	PRINT " ES="
	PHEX16 [R + 0x08]
	PRINT 10
	RING3
	push dword 0x3202
	push dword SEL_CODE3
	push dword .r3_same
	iretd
.r3_same:
	pushfd
	pop dword [R + 0x00]
	RING0
	PRINT "IRET-CPL3-IOPL0-KEEPS: IOPL="
	mov eax, [R + 0x00]
	shr eax, 12
	and al, 3
	PHEX8 al
	PRINT " IF="
	PBIT [R + 0x00], 0x200
	PRINT 10
	TRY "IRET-CPL3-TO-RPL0-CS"
	RING3
	push dword 0x0002
	push dword SEL_CODE32
	push dword .r3_same
	MARK iretd
	RING0
	ENDTRY
	ret

; ---- the code the gates lead to ----
cg32_target:			; ring 0, from a 32-bit gate with 2 parameters
	mov [R + 0x00], cs
	mov [R + 0x04], ss
	mov [R + 0x08], esp
	mov eax, [esp]
	mov [R + 0x0C], eax
	mov eax, [esp + 4]
	mov [R + 0x10], eax
	mov eax, [esp + 8]
	mov [R + 0x14], eax
	mov eax, [esp + 12]
	mov [R + 0x18], eax
	mov eax, [esp + 16]
	mov [R + 0x1C], eax
	mov eax, [esp + 20]
	mov [R + 0x20], eax
	retf 8

cg16_target:			; ring 0, from a 16-bit gate with 2 parameters
	mov [R + 0x00], cs
	mov [R + 0x08], esp
	mov eax, [esp]
	mov [R + 0x0C], eax
	mov eax, [esp + 4]
	mov [R + 0x10], eax
	mov eax, [esp + 8]
	mov [R + 0x14], eax
	o16 retf 4

r1_target:			; ring 1
	mov [R + 0x00], cs
	mov [R + 0x04], ss
	mov [R + 0x08], esp
	retf

cgj_target:			; ring 0, reached by JMP
	mov [R + 0x00], cs
	mov [R + 0x08], esp
	jmp SEL_CODE32:cgjmp_back

nulls_target:			; ring 0: load segments, then return to ring 3
	mov ax, SEL_DATA	; data, DPL 0: nulled
	mov ds, ax
	mov ax, SEL_DATA3	; data, DPL 3: kept
	mov es, ax
	mov ax, S_CONF0		; conforming code, DPL 0: kept
	mov fs, ax
	mov ax, SEL_CODE32	; non-conforming code, DPL 0: nulled
	mov gs, ax
	retf

int_handler:			; R+0: EFLAGS inside, R+8: pushed EFLAGS
	pushfd
	pop dword [R + 0x00]
	mov eax, [esp + 8]
	mov [R + 0x08], eax
	iretd

int16_handler:			; a 16-bit gate: IP, CS, FLAGS are words
	pushfd
	pop dword [R + 0x00]
	mov eax, [esp]
	mov [R + 0x04], eax
	mov eax, [esp + 4]
	mov [R + 0x08], eax
	mov [R + 0x0C], esp
	iretw

int_r3_handler:			; ring 0, from ring 3
	mov [R + 0x00], ss
	mov [R + 0x04], esp
	mov eax, [esp]
	mov [R + 0x08], eax
	mov eax, [esp + 4]
	mov [R + 0x0C], eax
	mov eax, [esp + 8]
	mov [R + 0x10], eax
	mov eax, [esp + 12]
	mov [R + 0x14], eax
	mov eax, [esp + 16]
	mov [R + 0x18], eax
	mov ax, SEL_DATA	; IRET to ring 3 must null it
	mov ds, ax
	iretd

test_gdt:
cg32:	  CALLGATE SEL_CODE32, cg32_target, 0xEC, 2	; 32-bit, DPL 3, 2 dwords
cg16:	  CALLGATE SEL_CODE32, cg16_target, 0xE4, 2	; 16-bit, DPL 3, 2 words
cg0:	  CALLGATE SEL_CODE32, cg32_target, 0x8C, 0	; DPL 0
cg_np:	  CALLGATE SEL_CODE32, cg32_target, 0x6C, 0	; not present
cg_to3:	  CALLGATE SEL_CODE3, cg32_target, 0xEC, 0	; to DPL 3 code
cg_tnp:	  CALLGATE S_CNP, cg32_target, 0xEC, 0		; to a code segment not present
cg_tdata: CALLGATE SEL_DATA, cg32_target, 0xEC, 0	; to a data segment
cg_nulls: CALLGATE SEL_CODE32, nulls_target, 0xEC, 0
cg_jmp:	  CALLGATE SEL_CODE32, cgj_target, 0x8C, 0
c_np:	  DESC 0xF0000, 0xFFFF, 0x1A, 0x4		; code, not present
c_conf0:  DESC 0xF0000, 0xFFFF, 0x9E, 0x4		; conforming code, DPL 0
c_r1:	  DESC 0xF0000, 0xFFFF, 0xBA, 0x4		; code, DPL 1
d_r1:	  DESC 0, 0xFFFFF, 0xB2, 0xC			; data, DPL 1
d_r1np:	  DESC 0, 0xFFFFF, 0x32, 0xC			; data, DPL 1, not present
cg_r1:	  CALLGATE S_CR1, r1_target, 0xEC, 0		; to ring 1
test_gdt_end:

	ROM_END
