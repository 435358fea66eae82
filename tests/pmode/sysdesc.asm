; System instructions on descriptor tables and selectors (SDM Vol. 2):
; LGDT/SGDT, LIDT/SIDT (and the 24-bit base of a 16-bit LGDT), LLDT/SLDT,
; LTR/STR with their checks and faults, LAR, LSL, VERR, VERW (ZF and the
; results, the privilege and type rules), ARPL, LMSW (cannot clear PE),
; and which of them CPL 3 may use.
%include "pm.inc"

R	equ SCRATCH
S_XO	equ GDT_SEL(c_xo)
S_RO	equ GDT_SEL(d_ro)
S_CONF0	equ GDT_SEL(c_conf0)
S_CG	equ GDT_SEL(cg)
S_IG	equ GDT_SEL(ig)
S_LDT	equ GDT_SEL(d_ldt)
S_LDTNP	equ GDT_SEL(d_ldt_np)
S_TAV	equ GDT_SEL(t_avail)
S_TNP	equ GDT_SEL(t_np)
S_T16	equ GDT_SEL(t_16)

; LARCHK "NAME", selector: LAR EAX (masked 00F0FF00: the limit bits are
; undefined), ZF; EAX starts as 11223344 (unchanged when ZF=0).
%macro LARCHK 2
	PRINT %1, ":"
	mov eax, 0x11223344
	mov ebx, %2
	lar eax, ebx
	call print_zf
	jnz %%show
	and eax, 0x00F0FF00
%%show:
	PRINT " EAX="
	call print_hex32
	PRINT 10
%endmacro

%macro LSLCHK 2
	PRINT %1, ":"
	mov eax, 0x11223344
	mov ebx, %2
	lsl eax, ebx
	call print_zf
	PRINT " EAX="
	call print_hex32
	PRINT 10
%endmacro

; VCHK "NAME", verr|verw, selector
%macro VCHK 3
	PRINT %1, ":"
	mov eax, %3
	%2 ax
	call print_zf
	PRINT 10
%endmacro

%macro TABLE_REG 2		; "NAME", sgdt|sidt
	%2 [R]
	PRINT %1, ": limit="
	PHEX16 [R]
	PRINT " base="
	PHEX32 [R + 2]
	PRINT 10
%endmacro

test_main:
	; ---- GDTR, IDTR ----
	TABLE_REG "SGDT", sgdt
	TABLE_REG "SIDT", sidt
	mov esi, GDT_BASE
	mov edi, 0x8000
	mov ecx, 0x1000 / 4
	rep movsd
	mov word [R], 0x0FFF
	mov dword [R + 2], 0x8000
	lgdt [R]
	mov eax, SEL_DATA		; a load from the moved GDT
	mov ds, ax
	TABLE_REG "LGDT-MOVED", sgdt
	mov word [R], 0x0FFF
	mov dword [R + 2], 0xFF001000	; a 16-bit LGDT takes 24 bits of base
	o16 lgdt [R]
	TABLE_REG "LGDT-16-BIT-OPERAND", sgdt
	lgdt [cs:gdt_pointer]
	mov word [R], 0x03FF
	mov dword [R + 2], IDT_BASE
	lidt [R]
	TABLE_REG "LIDT", sidt
	lidt [cs:idt_pointer]
	TRY "LGDT-CPL3"
	RING3
	MARK lgdt [R]
	RING0
	ENDTRY
	TRY "SGDT-CPL3"
	RING3
	MARK sgdt [R]
	RING0
	ENDTRY

	; ---- LDTR ----
	mov dword [LDT_BASE], 0x0000FFFF	; LDT entry 0: flat data, DPL 0
	mov dword [LDT_BASE + 4], 0x00CF9200
	sldt ax
	PRINT "SLDT-INITIAL: "
	PHEX16 ax
	PRINT 10
	mov eax, S_LDT
	lldt ax
	sldt ax
	PRINT "SLDT-AFTER-LLDT: "
	PHEX16 ax
	PRINT 10
	TRY "DS-FROM-LDT"
	mov eax, 0x0004
	MARK mov ds, ax
	ENDTRY
	LARCHK "LAR-LDT-ENTRY", 0x0004
	TRY "LLDT-DATA-DESCRIPTOR"
	mov eax, SEL_DATA
	MARK lldt ax
	ENDTRY
	TRY "LLDT-SELECTOR-IN-LDT"
	mov eax, 0x0004
	MARK lldt ax
	ENDTRY
	TRY "LLDT-NOT-PRESENT"
	mov eax, S_LDTNP
	MARK lldt ax
	ENDTRY
	TRY "LLDT-CPL3"
	RING3
	mov eax, S_LDT
	MARK lldt ax
	RING0
	ENDTRY
	TRY "SLDT-CPL3"
	RING3
	MARK sldt ax
	RING0
	ENDTRY
	xor eax, eax
	lldt ax
	TRY "LLDT-NULL-THEN-LDT-SELECTOR"
	mov eax, 0x0004
	MARK mov ds, ax
	ENDTRY

	; ---- TR ----
	str ax
	PRINT "STR: "
	PHEX16 ax
	PRINT 10
	TRY "STR-CPL3"
	RING3
	MARK str ax
	RING0
	ENDTRY
	TRY "LTR-BUSY-TSS"
	mov eax, SEL_TSS
	MARK ltr ax
	ENDTRY
	TRY "LTR-NULL"
	xor eax, eax
	MARK ltr ax
	ENDTRY
	TRY "LTR-DATA-DESCRIPTOR"
	mov eax, SEL_DATA
	MARK ltr ax
	ENDTRY
	TRY "LTR-NOT-PRESENT"
	mov eax, S_TNP
	MARK ltr ax
	ENDTRY
	TRY "LTR-CPL3"
	RING3
	mov eax, S_TAV
	MARK ltr ax
	RING0
	ENDTRY
	mov eax, S_TAV
	ltr ax
	str ax
	PRINT "LTR-AVAILABLE-32: TR="
	PHEX16 ax
	PRINT " access="
	PHEX8 [GDT_ACCESS(S_TAV)]
	PRINT 10
	mov eax, S_T16
	ltr ax
	str ax
	PRINT "LTR-AVAILABLE-16: TR="
	PHEX16 ax
	PRINT " access="
	PHEX8 [GDT_ACCESS(S_T16)]
	PRINT 10
	and byte [GDT_ACCESS(SEL_TSS)], ~2
	mov eax, SEL_TSS
	ltr ax

	; ---- LAR ----
	LARCHK "LAR-CODE32", SEL_CODE32
	PRINT "LAR-16-BIT-CODE32:"
	mov eax, 0x11223344
	mov ebx, SEL_CODE32
	lar ax, bx
	call print_zf
	PRINT " EAX="
	call print_hex32
	PRINT 10
	LARCHK "LAR-DATA", SEL_DATA
	LARCHK "LAR-BUSY-TSS", SEL_TSS
	LARCHK "LAR-CALL-GATE", S_CG
	LARCHK "LAR-LDT", S_LDT
	LARCHK "LAR-INTERRUPT-GATE", S_IG
	LARCHK "LAR-NULL", 0
	LARCHK "LAR-PAST-GDT-LIMIT", 0x1000
	LARCHK "LAR-RPL3-DPL0", SEL_DATA | 3
	RING3
	mov eax, 0x11223344
	mov ebx, SEL_DATA
	lar eax, ebx
	pushfd
	pop dword [R + 0]
	mov [R + 4], eax
	mov eax, 0x11223344
	mov ebx, S_CONF0 | 3
	lar eax, ebx
	pushfd
	pop dword [R + 8]
	and eax, 0x00F0FF00
	mov [R + 12], eax
	RING0
	PRINT "LAR-CPL3-DPL0-DATA: ZF="
	PBIT [R + 0], 0x40
	PRINT " EAX="
	PHEX32 [R + 4]
	PRINT 10, "LAR-CPL3-CONFORMING-DPL0: ZF="
	PBIT [R + 8], 0x40
	PRINT " EAX="
	PHEX32 [R + 12]
	PRINT 10

	; ---- LSL ----
	LSLCHK "LSL-DATA-4G", SEL_DATA
	LSLCHK "LSL-CODE32", SEL_CODE32
	LSLCHK "LSL-TSS", SEL_TSS
	LSLCHK "LSL-LDT", S_LDT
	LSLCHK "LSL-CALL-GATE", S_CG
	PRINT "LSL-16-BIT-DATA-4G:"
	mov eax, 0x11223344
	mov ebx, SEL_DATA
	lsl ax, bx
	call print_zf
	PRINT " EAX="
	call print_hex32
	PRINT 10

	; ---- VERR, VERW ----
	VCHK "VERR-READABLE-CODE", verr, SEL_CODE32
	VCHK "VERW-READABLE-CODE", verw, SEL_CODE32
	VCHK "VERR-EXECUTE-ONLY", verr, S_XO
	VCHK "VERR-DATA", verr, SEL_DATA
	VCHK "VERW-DATA", verw, SEL_DATA
	VCHK "VERW-READ-ONLY", verw, S_RO
	VCHK "VERR-NULL", verr, 0
	VCHK "VERR-TSS", verr, SEL_TSS
	VCHK "VERR-PAST-GDT-LIMIT", verr, 0x1000
	VCHK "VERW-RPL3-DPL0", verw, SEL_DATA | 3
	RING3
	mov eax, SEL_DATA
	verw ax
	pushfd
	pop dword [R + 0]
	mov eax, S_CONF0 | 3
	verr ax
	pushfd
	pop dword [R + 4]
	mov eax, SEL_DATA3
	verw ax
	pushfd
	pop dword [R + 8]
	RING0
	PRINT "VERW-CPL3-DPL0-DATA: ZF="
	PBIT [R + 0], 0x40
	PRINT 10, "VERR-CPL3-CONFORMING-DPL0: ZF="
	PBIT [R + 4], 0x40
	PRINT 10, "VERW-CPL3-DPL3-DATA: ZF="
	PBIT [R + 8], 0x40
	PRINT 10

	; ---- ARPL ----
	mov eax, 0x0010
	mov ebx, 0x0003
	arpl ax, bx
	PRINT "ARPL-RAISES:"
	call print_zf
	PRINT " AX="
	PHEX16 ax
	PRINT 10
	mov eax, 0x0013
	mov ebx, 0x0001
	arpl ax, bx
	PRINT "ARPL-KEEPS:"
	call print_zf
	PRINT " AX="
	PHEX16 ax
	PRINT 10

	; ---- LMSW ----
	mov eax, 0x0008			; TS, without PE
	lmsw ax
	mov eax, cr0
	PRINT "LMSW-CANNOT-CLEAR-PE: PE="
	PBIT eax, 1
	PRINT " TS="
	PBIT eax, 8
	PRINT 10
	clts
	ret

cg_target:
	retf

test_gdt:
c_xo:	   DESC 0xF0000, 0xFFFF, 0x98, 0x4	; execute-only code
d_ro:	   DESC 0, 0xFFFFF, 0x90, 0xC		; read-only data
c_conf0:   DESC 0xF0000, 0xFFFF, 0x9E, 0x4	; conforming readable code, DPL 0
cg:	   CALLGATE SEL_CODE32, cg_target, 0x8C, 0
ig:	   CALLGATE SEL_CODE32, cg_target, 0x8E, 0	; an interrupt gate in the GDT
d_ldt:	   DESC LDT_BASE, 0x0F, 0x82, 0
d_ldt_np:  DESC LDT_BASE, 0x0F, 0x02, 0		; LDT, not present
t_avail:   DESC 0x6000, 0x67, 0x89, 0		; 32-bit TSS, available
t_np:	   DESC 0x6100, 0x67, 0x09, 0		; TSS, not present
t_16:	   DESC 0x6200, 0x2B, 0x81, 0		; 16-bit TSS, available
test_gdt_end:

	ROM_END
