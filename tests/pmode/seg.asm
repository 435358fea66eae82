; Segmentation: loading DS/ES/FS/GS/SS with every check of SDM Vol. 2
; (MOV, POP, LDS/LES/LSS: "#GP(selector)", "#NP(selector)",
; "#SS(selector)"), the use of null, read-only, execute-only and
; too-small segments (#GP(0), #SS(0)), expand-down data and stack
; segments (SDM Vol. 3, 5.3), and conforming code (5.8.1.2).
%include "pm.inc"

S_RO	equ GDT_SEL(d_ro)
S_NP	equ GDT_SEL(d_np)
S_DPL1	equ GDT_SEL(d_dpl1)
S_XO	equ GDT_SEL(c_xo)
S_CONF0	equ GDT_SEL(c_conf0)
S_CONF3	equ GDT_SEL(c_conf3)
S_SMALL	equ GDT_SEL(d_small)
S_ED16	equ GDT_SEL(d_ed16)
S_ED32	equ GDT_SEL(d_ed32)
S_EDSTK	equ GDT_SEL(s_ed3)
S_STK0	equ GDT_SEL(s_small0)
S_LIM1	equ GDT_SEL(c_lim1)
S_LIM2	equ GDT_SEL(c_lim2)

test_main:
	; ---- data segment registers ----
	TRY "DS-NULL-LOAD"
	xor eax, eax
	MARK mov ds, ax
	ENDTRY
	TRY "DS-NULL-USE"
	xor eax, eax
	mov ds, ax
	MARK mov eax, [0x6000]
	ENDTRY
	TRY "ES-NULL-STOSB"
	xor eax, eax
	mov es, ax
	mov edi, 0x6000
	MARK stosb
	ENDTRY
	TRY "FS-NULL-RPL3-USE"
	mov eax, 3
	mov fs, ax
	MARK mov eax, [fs:0x6000]
	ENDTRY
	TRY "DS-PAST-GDT-LIMIT"
	mov eax, 0x1003
	MARK mov ds, ax
	ENDTRY
	TRY "DS-LDT-NONE"
	mov eax, 0x0044
	MARK mov ds, ax
	ENDTRY
	TRY "DS-TSS"
	mov eax, SEL_TSS
	MARK mov ds, ax
	ENDTRY
	TRY "DS-EXECUTE-ONLY"
	mov eax, S_XO
	MARK mov ds, ax
	ENDTRY
	TRY "DS-NOT-PRESENT"
	mov eax, S_NP
	MARK mov ds, ax
	ENDTRY
	TRY "DS-RPL3-DPL0"
	mov eax, SEL_DATA | 3
	MARK mov ds, ax
	ENDTRY
	TRY "DS-DPL1-CPL0"
	mov eax, S_DPL1
	MARK mov ds, ax
	ENDTRY
	TRY "DS-DPL1-RPL2"
	mov eax, S_DPL1 | 2
	MARK mov ds, ax
	ENDTRY
	TRY "DS-READABLE-CODE-READ"
	mov eax, SEL_CODE32
	mov ds, ax
	MARK mov eax, [0]
	ENDTRY
	TRY "DS-READABLE-CODE-WRITE"
	mov eax, SEL_CODE32
	mov ds, ax
	MARK mov [0x100], eax
	ENDTRY
	TRY "DS-READ-ONLY-WRITE"
	mov eax, S_RO
	mov ds, ax
	MARK mov [0x6000], eax
	ENDTRY
	TRY "DS-LIMIT-LAST-DWORD"
	mov eax, S_SMALL
	mov ds, ax
	MARK mov eax, [0xFFC]
	ENDTRY
	TRY "DS-LIMIT-CROSSED"
	mov eax, S_SMALL
	mov ds, ax
	MARK mov eax, [0xFFE]
	ENDTRY
	TRY "CS-EXECUTE-ONLY-READ"
	jmp S_XO:.in_xo
.in_xo:
	MARK mov eax, [cs:0]
	ENDTRY
	; Code fetch past the CS limit: the #GP(0) belongs to the instruction
	; that cannot be fetched, not to the one before it (which completed).
	mov dword [SCRATCH], 0
	TRY "CS-LIMIT-NEXT-INSN", cs_limit_next
	jmp S_LIM1:cs_limit_code
	ENDTRY
	PRINT "CS-LIMIT-NEXT-INSN: INC ran "
	PHEX32 [SCRATCH]
	PRINT " time(s)", 10
	TRY "CS-LIMIT-STRADDLE", cs_limit_next
	jmp S_LIM2:cs_limit_code
	ENDTRY
	TRY "POP-DS-NOT-PRESENT"
	push dword S_NP
	MARK pop ds
	ENDTRY
	TRY "LES-TSS"
	mov dword [SCRATCH], 0
	mov word [SCRATCH + 4], SEL_TSS
	MARK les eax, [SCRATCH]
	ENDTRY
	TRY "MOV-CS"
	mov eax, SEL_CODE32
	MARK db 0x8E, 0xC8		; mov cs, ax
	ENDTRY

	; ---- SS ----
	TRY "SS-NULL"
	xor eax, eax
	MARK mov ss, ax
	ENDTRY
	TRY "SS-READ-ONLY"
	mov eax, S_RO
	MARK mov ss, ax
	ENDTRY
	TRY "SS-RPL1-CPL0"
	mov eax, SEL_DATA | 1
	MARK mov ss, ax
	ENDTRY
	TRY "SS-DPL3-CPL0"
	mov eax, SEL_DATA3 & ~3
	MARK mov ss, ax
	ENDTRY
	TRY "SS-CODE"
	mov eax, SEL_CODE32
	MARK mov ss, ax
	ENDTRY
	TRY "SS-NOT-PRESENT"
	mov eax, S_NP
	MARK mov ss, ax
	ENDTRY
	TRY "POP-SS-NULL"
	push dword 0
	MARK pop ss
	ENDTRY
	TRY "LSS-NOT-PRESENT"
	mov dword [SCRATCH], 0x1000
	mov word [SCRATCH + 4], S_NP
	MARK lss esp, [SCRATCH]
	ENDTRY
	TRY "SS-LIMIT-INSIDE"
	mov eax, S_STK0
	mov ss, ax
	mov ebp, 0x2FFFC
	MARK mov eax, [ebp]
	mov eax, SEL_DATA
	mov ss, ax
	ENDTRY
	TRY "SS-LIMIT-PAST"
	mov eax, S_STK0
	mov ss, ax
	mov ebp, 0x2FFFE
	MARK mov eax, [ebp]
	mov eax, SEL_DATA
	mov ss, ax
	ENDTRY

	; ---- expand-down segments ----
	TRY "ED16-LIMIT-PLUS-1"
	mov eax, S_ED16
	mov ds, ax
	MARK mov ax, [0x1000]
	ENDTRY
	TRY "ED16-AT-LIMIT"
	mov eax, S_ED16
	mov ds, ax
	MARK mov al, [0x0FFF]
	ENDTRY
	TRY "ED16-TOP-WORD"
	mov eax, S_ED16
	mov ds, ax
	MARK mov ax, [0xFFFE]
	ENDTRY
	TRY "ED16-PAST-FFFF"
	mov eax, S_ED16
	mov ds, ax
	MARK mov eax, [0xFFFE]
	ENDTRY
	TRY "ED32-LIMIT-PLUS-1"
	mov eax, S_ED32
	mov ds, ax
	MARK mov eax, [0x100000]
	ENDTRY
	TRY "ED32-STRADDLES-LIMIT"
	mov eax, S_ED32
	mov ds, ax
	MARK mov eax, [0xFFFFE]
	ENDTRY
	TRY "ED32-TOP-DWORD"
	mov eax, S_ED32
	mov ds, ax
	MARK mov eax, [0xFFFFFFFC]
	ENDTRY
	TRY "ED-STACK-R3-PUSH"
	RING3
	mov eax, S_EDSTK | 3
	mov ss, ax
	mov esp, 0x8004
	push eax
	MARK push eax
	RING0
	ENDTRY

	; ---- privilege checks at CPL 3 ----
	TRY "DS-CPL3-DPL0"
	RING3
	mov eax, SEL_DATA
	MARK mov ds, ax
	RING0
	ENDTRY
	TRY "SS-CPL3-DPL0"
	RING3
	mov eax, SEL_DATA | 3
	MARK mov ss, ax
	RING0
	ENDTRY
	TRY "DS-CPL3-CONFORMING-DPL0"
	RING3
	mov eax, S_CONF0 | 3
	mov ds, ax
	MARK mov eax, [0]
	RING0
	ENDTRY

	; ---- conforming code ----
	mov dword [SCRATCH], 0xFFFF
	RING3
	call S_CONF0:store_cs_retf
	RING0
	PRINT "CALL-CONFORMING-DPL0-FROM-CPL3: CS="
	PHEX16 [SCRATCH]
	PRINT 10
	mov dword [SCRATCH], 0xFFFF
	jmp (S_CONF0 | 3):store_cs_jmp_back
.conf_back:
	PRINT "JMP-CONFORMING-RPL3-FROM-CPL0: CS="
	PHEX16 [SCRATCH]
	PRINT 10
	TRY "JMP-CONFORMING-DPL3-FROM-CPL0"
	MARK jmp S_CONF3:store_cs_retf
	ENDTRY
	TRY "JMP-NONCONFORMING-RPL3-FROM-CPL0"
	MARK jmp (SEL_CODE32 | 3):store_cs_retf
	ENDTRY
	TRY "JMP-NONCONFORMING-DPL0-FROM-CPL3"
	RING3
	MARK jmp SEL_CODE32:store_cs_retf
	RING0
	ENDTRY
	ret

; Code for the CS-limit checks: S_LIM1 ends with the INC, S_LIM2 in the
; middle of the MOV after it.
cs_limit_code:
	inc dword [SCRATCH]
cs_limit_next:
	mov eax, 0x12345678
cs_limit_next_next:
	hlt

store_cs_retf:
	mov [SCRATCH], cs
	retf
store_cs_jmp_back:
	mov [SCRATCH], cs
	jmp SEL_CODE32:test_main.conf_back

test_gdt:
d_ro:	  DESC 0, 0xFFFFF, 0x90, 0xC		; read-only data, DPL 0
d_np:	  DESC 0, 0xFFFFF, 0x12, 0xC		; writable data, not present
d_dpl1:	  DESC 0, 0xFFFFF, 0xB2, 0xC		; writable data, DPL 1
c_xo:	  DESC 0xF0000, 0xFFFF, 0x98, 0x4	; execute-only code, DPL 0
c_conf0:  DESC 0xF0000, 0xFFFF, 0x9E, 0x4	; conforming readable code, DPL 0
c_conf3:  DESC 0xF0000, 0xFFFF, 0xFE, 0x4	; conforming readable code, DPL 3
d_small:  DESC 0x100000, 0xFFF, 0x92, 0x4	; data, limit FFF
d_ed16:	  DESC 0x10000, 0x0FFF, 0x96, 0x0	; expand-down, B=0: 1000-FFFF
d_ed32:	  DESC 0, 0xFFFFF, 0x96, 0x4		; expand-down, B=1: 100000-FFFFFFFF
s_ed3:	  DESC 0, 0x7FFF, 0xF6, 0x4		; ring-3 expand-down stack, B=1: 8000-FFFFFFFF
s_small0: DESC 0, 0x2FFFF, 0x92, 0x4		; ring-0 stack, limit 2FFFF
c_lim1:	  DESC 0xF0000, OFS(cs_limit_next) - 1, 0x9A, 0x4	; code up to the end of the INC
c_lim2:	  DESC 0xF0000, OFS(cs_limit_next) + 2, 0x9A, 0x4	; code up to the MOV's third byte
test_gdt_end:

	ROM_END
