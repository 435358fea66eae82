; Hardware task switching (SDM Vol. 3, chapter 7; Vol. 2 JMP, CALL, IRET,
; INT n): JMP and CALL to a TSS and through a task gate, INT n and an
; exception through task gates (the error code on the new task's stack),
; IRET with NT back to the caller; the busy bits, NT and the back link;
; the state saved in the old TSS and loaded from the new one (registers,
; LDTR, CR0.TS); a 16-bit TSS; the checks made before the switch (busy,
; DPL, present, limit: faults in the old task) and a fault while loading
; the new task's segments (#TS in the context of the new task).
%include "pm.inc"

R	equ SCRATCH
TSS_A	equ 0x6000
TSS_B	equ 0x6100
TSS_16	equ 0x6200
TSS_BAD	equ 0x6300
TSS_SHORT equ 0x6400
TSS_NP	equ 0x6500
TSS_H	equ 0x6600
TSS_H2	equ 0x6700

S_TA	equ GDT_SEL(t_a)
S_TB	equ GDT_SEL(t_b)
S_T16	equ GDT_SEL(t_16)
S_TBAD	equ GDT_SEL(t_bad)
S_TSHORT equ GDT_SEL(t_short)
S_TNP	equ GDT_SEL(t_np)
S_TH	equ GDT_SEL(t_h)
S_TH2	equ GDT_SEL(t_h2)
S_TGA	equ GDT_SEL(tg_a)
S_LDT	equ GDT_SEL(d_ldt)

; TSS32 base, eip, esp, eax: a ring-0 32-bit task on the flat segments,
; with ESI = its TSS base.
%macro TSS32 4
	pushad
	mov edi, %1
	mov eax, %2
	mov ebx, %3
	mov edx, %4
	call init_tss32
	popad
%endmacro

; BUSY sel: prints 1 when the TSS descriptor is busy.
%macro BUSY 1
	push eax
	movzx eax, byte [GDT_ACCESS(%1)]
	PBIT eax, 2
	pop eax
%endmacro

test_main:
	; ---- JMP to a TSS, and JMP back ----
	call clear_r
	TSS32 TSS_A, task_record_jmp, 0x38000, 0xAAAA0001
	mov ebx, 0x12345678
	jmp S_TA:0
task_jmp_back:
	mov [R + 0x40], ebx
	str ax
	mov [R + 0x44], ax
	clts
	PRINT "TASK-JMP-IN-NEW: TR="
	PHEX16 [R + 0x00]
	PRINT " EAX="
	PHEX32 [R + 0x10]
	PRINT " NT="
	PBIT [R + 0x04], 0x4000
	PRINT " link="
	PHEX16 [R + 0x0C]
	PRINT " busy(old)="
	PBIT [R + 0x14], 2
	PRINT " busy(new)="
	PBIT [R + 0x15], 2
	PRINT " CR0.TS="
	PBIT [R + 0x08], 8
	PRINT 10, "TASK-JMP-SAVED-IN-OLD-TSS: EIP="
	PLABEL [R + 0x18], task_jmp_back
	PRINT " EBX="
	PHEX32 [R + 0x1C]
	PRINT 10, "TASK-JMP-BACK: TR="
	PHEX16 [R + 0x44]
	PRINT " EBX="
	PHEX32 [R + 0x40]
	PRINT " busy(main)="
	BUSY SEL_TSS
	PRINT " busy(A)="
	BUSY S_TA
	PRINT 10

	; ---- CALL to a TSS, IRET back ----
	call clear_r
	TSS32 TSS_B, task_record_iret, 0x39000, 0xBBBB0002
	mov ebx, 0x87654321
	call S_TB:0
task_call_back:
	mov [R + 0x40], ebx
	str ax
	mov [R + 0x44], ax
	pushfd
	pop dword [R + 0x48]
	clts
	PRINT "TASK-CALL-IN-NEW: TR="
	PHEX16 [R + 0x00]
	PRINT " EAX="
	PHEX32 [R + 0x10]
	PRINT " NT="
	PBIT [R + 0x04], 0x4000
	PRINT " link="
	PHEX16 [R + 0x0C]
	PRINT " busy(old)="
	PBIT [R + 0x14], 2
	PRINT " busy(new)="
	PBIT [R + 0x15], 2
	PRINT 10, "TASK-CALL-SAVED-IN-OLD-TSS: EIP="
	PLABEL [R + 0x18], task_call_back
	PRINT " EBX="
	PHEX32 [R + 0x1C]
	PRINT 10, "TASK-IRET-BACK: TR="
	PHEX16 [R + 0x44]
	PRINT " EBX="
	PHEX32 [R + 0x40]
	PRINT " NT="
	PBIT [R + 0x48], 0x4000
	PRINT " busy(B)="
	BUSY S_TB
	PRINT " saved-NT(B)="
	PBIT [TSS_B + 0x24], 0x4000
	PRINT 10
	call S_TB:0
	clts
	PRINT "TASK-CALL-AGAIN: B resumes after its IRET: "
	PHEX32 [R + 0x20]
	PRINT 10

	; ---- through a task gate: CALL, INT n ----
	call clear_r
	TSS32 TSS_A, task_record_iret, 0x38000, 0xAAAA0003
	call S_TGA:0
	clts
	PRINT "TASK-GATE-CALL: TR="
	PHEX16 [R + 0x00]
	PRINT " EAX="
	PHEX32 [R + 0x10]
	PRINT " NT="
	PBIT [R + 0x04], 0x4000
	PRINT " link="
	PHEX16 [R + 0x0C]
	PRINT 10
	call clear_r
	TSS32 TSS_B, task_record_iret, 0x39000, 0xBBBB0004
	SET_GATE 0x50, S_TB, 0, TASKGATE
	int 0x50
	clts
	PRINT "TASK-GATE-INT: TR="
	PHEX16 [R + 0x00]
	PRINT " EAX="
	PHEX32 [R + 0x10]
	PRINT " NT="
	PBIT [R + 0x04], 0x4000
	PRINT " link="
	PHEX16 [R + 0x0C]
	PRINT 10

	; ---- an exception through a task gate: the error code ----
	call clear_r
	TSS32 TSS_H, task_gp_handler, 0x3A000, 0
	SET_GATE 13, S_TH, 0, TASKGATE
	mov eax, 0x1003
gp_task_fault:
	mov ds, ax
	jmp $				; (the handler task resumes us below)
gp_task_resume:
	clts
	SET_GATE 13, SEL_CODE32, exc_stub_13, INTGATE32
	PRINT "TASK-GATE-EXCEPTION: err="
	PHEX16 [R + 0x30]
	PRINT " TR="
	PHEX16 [R + 0x3C]
	PRINT " link="
	PHEX16 [R + 0x34]
	PRINT " saved-EIP="
	PLABEL [R + 0x38], gp_task_fault
	PRINT 10

	; ---- LDTR from the TSS ----
	call clear_r
	mov dword [LDT_BASE], 0x0000FFFF	; LDT entry 0: flat data
	mov dword [LDT_BASE + 4], 0x00CF9200
	TSS32 TSS_A, task_ldt, 0x38000, 0
	mov word [TSS_A + 0x60], S_LDT
	mov word [TSS_A + 0x54], 0x0004		; DS from the LDT
	call S_TA:0
	clts
	sldt ax
	PRINT "TASK-LDT: new LDTR="
	PHEX16 [R + 0x00]
	PRINT " new DS="
	PHEX16 [R + 0x02]
	PRINT " LDTR after IRET="
	PHEX16 ax
	PRINT 10

	; ---- a 16-bit TSS ----
	call clear_r
	call init_tss16
	mov ebx, 0x16161616
	call S_T16:0
	mov [R + 0x40], ebx
	clts
	PRINT "TASK16-IN-NEW: TR="
	PHEX16 [R + 0x00]
	PRINT " AX="
	PHEX16 [R + 0x10]
	PRINT " NT="
	PBIT [R + 0x04], 0x4000
	PRINT " link="
	PHEX16 [R + 0x0C]
	PRINT " CS="
	PHEX16 [R + 0x14]
	PRINT " SP="
	PHEX16 [R + 0x16]
	PRINT 10, "TASK16-BACK: EBX="
	PHEX32 [R + 0x40]
	PRINT " busy(16)="
	BUSY S_T16
	PRINT " saved-IP="
	movzx eax, word [TSS_16 + 0x0E]
	PLABEL eax, task16_after_iret
	PRINT 10

	; ---- checks before the switch: faults in the old task ----
	TRY "TASK-JMP-TO-BUSY-TSS"
	MARK jmp SEL_TSS:0
	ENDTRY
	TRY "TASK-CALL-TO-BUSY-TSS"
	MARK call SEL_TSS:0
	ENDTRY
	TRY "TASK-TSS-LIMIT-BELOW-67"
	MARK jmp S_TSHORT:0
	ENDTRY
	TRY "TASK-TSS-NOT-PRESENT"
	MARK jmp S_TNP:0
	ENDTRY
	TRY "TASK-JMP-TSS-DPL0-FROM-CPL3"
	RING3
	MARK jmp S_TA:0
	RING0
	ENDTRY
	TRY "TASK-CALL-GATE-DPL0-FROM-CPL3"
	RING3
	MARK call S_TGA:0
	RING0
	ENDTRY
	mov word [TSS_BASE], S_TA		; a link to a TSS that is not busy
	TRY "TASK-IRET-LINK-NOT-BUSY"
	pushfd
	or dword [esp], 0x4000
	popfd
	MARK iretd
	ENDTRY
	mov word [TSS_BASE], 0

	; ---- a fault while loading the new task: #TS in the new task ----
	call clear_r
	TSS32 TSS_BAD, task_bad_entry, 0x3B000, 0
	mov word [TSS_BAD + 0x50], SEL_CODE32	; SS: not a writable data segment
	TSS32 TSS_H2, task_ts_handler, 0x3C000, 0
	SET_GATE 10, S_TH2, 0, TASKGATE
	mov ebx, 0x5A5A5A5A
	jmp S_TBAD:0
task_ts_back:
	mov [R + 0x50], ebx
	str ax
	mov [R + 0x54], ax
	clts
	PRINT "TASK-TS-IN-NEW-TASK: #TS err="
	PHEX16 [R + 0x30]
	PRINT " handler link="
	PHEX16 [R + 0x34]
	PRINT " saved-EIP(new task)="
	PLABEL [R + 0x38], task_bad_entry
	PRINT " busy(new)="
	PBIT [R + 0x40], 2
	PRINT " busy(main)="
	PBIT [R + 0x41], 2
	PRINT 10, "TASK-TS-OLD-TASK-SAVED: EIP="
	PLABEL [R + 0x44], task_ts_back
	PRINT " back in main: TR="
	PHEX16 [R + 0x54]
	PRINT " EBX="
	PHEX32 [R + 0x50]
	PRINT 10
	ret

clear_r:
	push edi
	push ecx
	push eax
	mov edi, R
	mov ecx, 0x100 / 4
	xor eax, eax
	rep stosd
	pop eax
	pop ecx
	pop edi
	ret

; EDI = TSS base, EAX = EIP, EBX = ESP, EDX = EAX of the task.
init_tss32:
	push eax
	push edi
	mov ecx, 0x68 / 4
	xor eax, eax
	rep stosd
	pop edi
	pop eax
	mov [edi + 0x20], eax
	mov dword [edi + 0x24], 0x0002
	mov [edi + 0x28], edx
	mov [edi + 0x38], ebx
	mov [edi + 0x40], edi		; ESI
	mov dword [edi + 0x48], SEL_DATA
	mov dword [edi + 0x4C], SEL_CODE32
	mov dword [edi + 0x50], SEL_DATA
	mov dword [edi + 0x54], SEL_DATA
	mov dword [edi + 0x58], SEL_DATA
	mov dword [edi + 0x5C], SEL_DATA
	mov word [edi + 0x66], 0x68
	ret

init_tss16:
	mov edi, TSS_16
	mov ecx, 0x2C / 4
	xor eax, eax
	rep stosd
	mov word [TSS_16 + 0x0E], task16_entry	; IP
	mov word [TSS_16 + 0x10], 0x0002	; FLAGS
	mov word [TSS_16 + 0x12], 0x1616	; AX
	mov word [TSS_16 + 0x1A], 0x9000	; SP
	mov word [TSS_16 + 0x1E], TSS_16	; SI
	mov word [TSS_16 + 0x22], SEL_DATA16	; ES
	mov word [TSS_16 + 0x24], SEL_CODE16	; CS
	mov word [TSS_16 + 0x26], SEL_DATA16	; SS
	mov word [TSS_16 + 0x28], SEL_DATA16	; DS
	ret

; ---- the tasks (ESI = own TSS base) ----
; Records R+00 TR, 04 EFLAGS, 08 CR0, 0C back link, 10 EAX at entry,
; 14 access byte of the main TSS, 15 of its own, 18 and 1C the EIP and
; EBX saved in the main TSS.
task_record:
	mov [R + 0x10], eax
	str ax
	mov [R + 0x00], ax
	pushfd
	pop dword [R + 0x04]
	mov ebx, cr0
	mov [R + 0x08], ebx
	movzx ebx, word [esi]
	mov [R + 0x0C], ebx
	mov bl, [GDT_ACCESS(SEL_TSS)]
	mov [R + 0x14], bl
	movzx ebx, word [R + 0x00]
	mov bl, [GDT_BASE + ebx + 5]
	mov [R + 0x15], bl
	mov ebx, [TSS_BASE + 0x20]
	mov [R + 0x18], ebx
	mov ebx, [TSS_BASE + 0x34]
	mov [R + 0x1C], ebx
	ret

task_record_jmp:
	call task_record
	mov ebx, 0xDEADBEEF
	jmp SEL_TSS:0

task_record_iret:
	call task_record
	mov ebx, 0xDEADBEEF
	iretd
	mov dword [R + 0x20], 0x00002222	; the next CALL resumes here
	iretd

task_gp_handler:
	pop eax				; the error code
	mov [R + 0x30], eax
	movzx ebx, word [esi]
	mov [R + 0x34], ebx
	mov ebx, [TSS_BASE + 0x20]
	mov [R + 0x38], ebx
	str ax
	mov [R + 0x3C], ax
	mov dword [TSS_BASE + 0x20], gp_task_resume
	iretd

task_ldt:
	sldt ax
	mov [R + 0x00], ax
	mov [R + 0x02], ds
	iretd

task_bad_entry:
	jmp $				; (never runs: its SS cannot be loaded)

task_ts_handler:
	pop eax
	mov [R + 0x30], eax
	movzx ebx, word [esi]
	mov [R + 0x34], ebx
	mov ebx, [TSS_BAD + 0x20]
	mov [R + 0x38], ebx
	mov bl, [GDT_ACCESS(S_TBAD)]
	mov [R + 0x40], bl
	mov bl, [GDT_ACCESS(SEL_TSS)]
	mov [R + 0x41], bl
	mov ebx, [TSS_BASE + 0x20]
	mov [R + 0x44], ebx
	jmp SEL_TSS:0

	bits 16
task16_entry:
	mov [R + 0x10], ax
	str ax
	mov [R + 0x00], ax
	pushf
	pop ax
	mov [R + 0x04], ax
	mov ax, [si]
	mov [R + 0x0C], ax
	mov [R + 0x14], cs
	mov [R + 0x16], sp
	iret
task16_after_iret:
	jmp $
	bits 32

test_gdt:
t_a:	 DESC TSS_A, 0x67, 0x89, 0
t_b:	 DESC TSS_B, 0x67, 0x89, 0
t_16:	 DESC TSS_16, 0x2B, 0x81, 0		; 16-bit TSS
t_bad:	 DESC TSS_BAD, 0x67, 0x89, 0
t_short: DESC TSS_SHORT, 0x60, 0x89, 0		; limit below 67H
t_np:	 DESC TSS_NP, 0x67, 0x09, 0		; not present
t_h:	 DESC TSS_H, 0x67, 0x89, 0
t_h2:	 DESC TSS_H2, 0x67, 0x89, 0
tg_a:	 TASKGATE_DESC S_TA, 0x85		; task gate, DPL 0
d_ldt:	 DESC LDT_BASE, 0x0F, 0x82, 0
test_gdt_end:

	ROM_END
