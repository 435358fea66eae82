; Exceptions (SDM Vol. 3, 6.3-6.15 and the exception pages): the vector,
; the error code and the pushed CS:EIP of #DE #BR #UD #GP #NP #TS #NM #PF;
; faults (EIP of the instruction) vs traps (EIP after it: INT3, INT 3,
; INTO); software interrupts and their gate DPL; the EXT bit of error
; codes raised while delivering an event; and the double-fault rules of
; table 6-5 (benign then contributory: serial; contributory then
; contributory, page fault then contributory: #DF with error code 0).
%include "pm.inc"

PD	equ 0x100000		; page directory for the #PF checks
PT	equ 0x101000		; its page table: 0-4 MiB identity

test_main:
	; ---- #DE ----
	TRY "DE-DIV-ZERO"
	xor ecx, ecx
	mov eax, 1
	xor edx, edx
	MARK div ecx
	ENDTRY
	TRY "DE-IDIV-OVERFLOW"
	mov eax, 0x80000000
	cdq
	mov ecx, -1
	MARK idiv ecx
	ENDTRY
	TRY "DE-DIV8-QUOTIENT"
	mov ax, 0x1000
	mov cl, 2
	MARK div cl
	ENDTRY

	; ---- #BR ----
	mov dword [SCRATCH], 10
	mov dword [SCRATCH + 4], 20
	TRY "BR-BOUND-BELOW"
	mov eax, 9
	MARK bound eax, [SCRATCH]
	ENDTRY
	TRY "BR-BOUND-UPPER"
	mov eax, 20
	MARK bound eax, [SCRATCH]
	ENDTRY
	TRY "BR-BOUND-ABOVE"
	mov eax, 21
	MARK bound eax, [SCRATCH]
	ENDTRY

	; ---- #UD ----
	TRY "UD-UD2"
	MARK ud2
	ENDTRY
	TRY "UD-LOCK-MOV"
	MARK db 0xF0, 0x89, 0xD8	; lock mov eax, ebx
	ENDTRY
	TRY "UD-LOCK-ADD-REGISTER"
	MARK db 0xF0, 0x01, 0xD8	; lock add eax, ebx
	ENDTRY
	TRY "LOCK-ADD-MEMORY"
	MARK lock add [SCRATCH], eax
	ENDTRY

	; ---- #GP from privilege ----
	TRY "GP-HLT-CPL3"
	RING3
	MARK hlt
	RING0
	ENDTRY
	TRY "GP-MOV-FROM-CR0-CPL3"
	RING3
	MARK mov eax, cr0
	RING0
	ENDTRY
	TRY "GP-CLI-CPL3-IOPL0"
	RING3
	MARK cli
	RING0
	ENDTRY
	or byte [IOMAP + 0x80 / 8], 1	; deny port 0x80
	TRY "GP-IN-CPL3-BITMAP-DENIED"
	RING3
	MARK in al, 0x80
	RING0
	ENDTRY
	TRY "IN-CPL3-BITMAP-ALLOWED"
	RING3
	MARK in al, 0x81
	RING0
	ENDTRY
	and byte [IOMAP + 0x80 / 8], 0xFE

	; ---- traps ----
	TRY "BP-INT3"
	MARK int3
	ENDTRY
	TRY "BP-INT-3-CD03"
	MARK db 0xCD, 0x03
	ENDTRY
	TRY "OF-INTO-OF1"
	mov al, 0x7F
	add al, 1
	MARK into
	ENDTRY
	TRY "OF-INTO-OF0"
	xor eax, eax
	MARK into
	ENDTRY
	TRY "BP-INT3-CPL3-GATE-DPL0"
	RING3
	MARK int3
	RING0
	ENDTRY
	or byte [IDT_BASE + 3 * 8 + 5], 0x60	; gate 3: DPL 3
	TRY "BP-INT3-CPL3-GATE-DPL3"
	RING3
	MARK int3
	RING0
	ENDTRY
	and byte [IDT_BASE + 3 * 8 + 5], 0x9F

	; ---- not-present gates: the EXT bit ----
	and byte [IDT_BASE + 6 * 8 + 5], 0x7F
	TRY "NP-UD-GATE-NOT-PRESENT"
	MARK ud2
	ENDTRY
	TRY "NP-INT6-GATE-NOT-PRESENT"
	MARK int 6
	ENDTRY
	or byte [IDT_BASE + 6 * 8 + 5], 0x80
	and byte [IDT_BASE + 3 * 8 + 5], 0x7F
	TRY "NP-INT3-GATE-NOT-PRESENT"
	MARK int3
	ENDTRY
	or byte [IDT_BASE + 3 * 8 + 5], 0x80

	; ---- #TS: IRET with NT to a link that is not a busy TSS ----
	mov word [TSS_BASE], SEL_DATA
	TRY "TS-IRET-NT-LINK-NOT-TSS"
	pushfd
	or dword [esp], 0x4000
	popfd
	MARK iretd
	ENDTRY
	mov word [TSS_BASE], 0

	; ---- #NM ----
	mov eax, cr0
	or eax, 8			; TS
	mov cr0, eax
	TRY "NM-ESC-TS"
	MARK fnop
	ENDTRY
	TRY "NM-WAIT-TS-MP0"
	MARK wait
	ENDTRY
	mov eax, cr0
	or eax, 2			; MP
	mov cr0, eax
	TRY "NM-WAIT-TS-MP1"
	MARK wait
	ENDTRY
	clts
	mov eax, cr0
	and eax, ~2
	mov cr0, eax

	; ---- no room on the stack while delivering (SDM INT n: #SS with the
	; new SS selector and EXT when the inner stack is too small, #SS(EXT)
	; when the current one is).  The handlers run at ring 1 on a 16-byte
	; stack, so that the #SS itself goes to ring 0 on a good one. ----
	mov dword [TSS_BASE + 0x0C], 0x10		; ESP1
	mov dword [TSS_BASE + 0x10], S_TINY1 | 1	; SS1
	SET_GATE 0x47, S_CR1, r1_handler, INTGATE32 | DPL3
	TRY "SS-INNER-STACK-INT-N"
	RING3
	MARK int 0x47
	RING0
	ENDTRY
	SET_GATE 6, S_CR1, r1_handler, INTGATE32
	TRY "SS-INNER-STACK-EXCEPTION"
	RING3
	MARK ud2
	RING0
	ENDTRY
	TRY "SS-SAME-LEVEL-INT-N"
	push dword S_TINY1 | 1
	push dword 0x8
	push dword 0x0002
	push dword S_CR1 | 1
	push dword .ring1_int
	iretd
.ring1_int:
	MARK int 0x47
	ENDTRY
	TRY "SS-SAME-LEVEL-EXCEPTION"
	push dword S_TINY1 | 1
	push dword 0x8
	push dword 0x0002
	push dword S_CR1 | 1
	push dword .ring1_ud
	iretd
.ring1_ud:
	MARK ud2
	ENDTRY
	SET_GATE 6, SEL_CODE32, exc_stub_6, INTGATE32

	; ---- #PF ----
	call paging_on
	TRY "PF-NOT-PRESENT-READ"
	MARK mov eax, [0x800000]
	ENDTRY
	TRY "PF-NOT-PRESENT-WRITE"
	MARK mov [0x800004], eax
	ENDTRY

	; ---- double faults ----
	SET_GATE 8, SEL_CODE32, df_handler, INTGATE32
	and byte [IDT_BASE + 14 * 8 + 5], 0x7F
	mov word [IDT_BASE + 14 * 8 + 2], 0x1008	; past the GDT limit
	or byte [IDT_BASE + 14 * 8 + 5], 0x80
	TRY "DF-PF-THEN-GP"
	MARK mov eax, [0x800000]
	ENDTRY
	mov word [IDT_BASE + 14 * 8 + 2], SEL_CODE32
	call paging_off
	and byte [IDT_BASE + 0 * 8 + 5], 0x7F
	TRY "DF-DE-THEN-NP"
	xor ecx, ecx
	MARK div ecx
	ENDTRY
	or byte [IDT_BASE + 0 * 8 + 5], 0x80
	and byte [IDT_BASE + 13 * 8 + 5], 0x7F
	TRY "DF-GP-THEN-NP"
	mov eax, 0x1003
	MARK mov ds, ax
	ENDTRY
	or byte [IDT_BASE + 13 * 8 + 5], 0x80
	ret

; #DF: the saved CS:EIP are undefined (SDM, interrupt 8), so only the
; error code is printed.
df_handler:
	mov ax, SEL_DATA
	mov ds, ax
	PRINT "#DF err="
	mov eax, [esp]
	call print_hex16
	PRINT 10
	jmp exc_resume

r1_handler:			; (never runs: its stack has no room)
	hlt

paging_on:
	mov edi, PD
	xor eax, eax
	mov ecx, 1024
	rep stosd
	mov dword [PD], PT | 3
	mov edi, PT
	mov eax, 3
	mov ecx, 1024
.pte:
	stosd
	add eax, 0x1000
	loop .pte
	mov eax, PD
	mov cr3, eax
	mov eax, cr0
	or eax, 0x80000000
	mov cr0, eax
	ret

paging_off:
	mov eax, cr0
	and eax, 0x7FFFFFFF
	mov cr0, eax
	ret

S_CR1	equ GDT_SEL(c_r1)
S_TINY1	equ GDT_SEL(s_tiny1)

test_gdt:
c_r1:	 DESC 0xF0000, 0xFFFF, 0xBA, 0x4	; ring-1 code
s_tiny1: DESC 0x38000, 0x0F, 0xB2, 0x4		; ring-1 stack of 16 bytes
test_gdt_end:

	ROM_END
