; What each CPU model has (run with --cpu 386, 486, pentium, p6): the
; processor signature in EDX at reset and from CPUID (the 386 has no
; CPUID: #UD), the vendor and the feature bits, the EFLAGS bits a model
; can change (AC from the 486, ID where CPUID exists), and the
; instructions behind the features: BSWAP XADD CMPXCHG and #AC (486+),
; CMPXCHG8B RDTSC RDMSR WRMSR and the CR4 bits (Pentium+), CMOVcc and
; SYSENTER/SYSEXIT with their MSRs (P6); #UD where a model lacks them,
; #GP(0) for an MSR the model does not have.
%include "pm.inc"

R	equ SCRATCH
S_SYSCS	equ GDT_SEL(sys_code0)

%macro IF_NO_FAULT 1		; jumps to %1 when the last TRY faulted
	cmp dword [last_vector], -1
	jne %1
%endmacro

; FLAG_TOGGLES "NAME", mask: can POPFD change the EFLAGS bit?
%macro FLAG_TOGGLES 2
	pushfd
	pop eax
	mov ecx, eax
	xor eax, %2
	push eax
	popfd
	pushfd
	pop eax
	push ecx
	popfd
	xor eax, ecx
	PRINT %1, ": "
	PBIT eax, %2
	PRINT 10
%endmacro

; CR4BIT "NAME", bit: can MOV CR4 set it?
%macro CR4BIT 2
	TRY %1
	mov eax, cr4
	or eax, %2
	MARK mov cr4, eax
	ENDTRY
	xor eax, eax
	mov cr4, eax
%endmacro

test_main:
	PRINT "RESET-EDX: "
	PHEX32 [reset_edx]
	PRINT 10
	FLAG_TOGGLES "EFLAGS-AC-CHANGES", 0x40000
	FLAG_TOGGLES "EFLAGS-ID-CHANGES", 0x200000

	; ---- CPUID ----
	TRY "CPUID"
	xor eax, eax
	MARK cpuid
	ENDTRY
	IF_NO_FAULT .no_cpuid
	mov [R + 0], ebx
	mov [R + 4], edx
	mov [R + 8], ecx
	mov byte [R + 12], 0
	PRINT "CPUID-0: max="
	call print_hex32
	PRINT " vendor="
	mov esi, R
	call print_ds_str
	PRINT 10
	mov eax, 1
	cpuid
	mov [R + 0x80], edx
	mov [R + 0x84], eax
	PRINT "CPUID-1: EAX="
	call print_hex32
	PRINT " EDX="
	PHEX32 edx
	PRINT 10
.no_cpuid:

	; ---- 486: BSWAP, XADD, CMPXCHG, alignment check ----
	TRY "BSWAP"
	mov eax, 0x11223344
	MARK bswap eax
	ENDTRY
	IF_NO_FAULT .no_bswap
	PRINT "BSWAP: EAX="
	call print_hex32
	PRINT 10
.no_bswap:
	mov dword [R], 3
	TRY "XADD"
	mov eax, 5
	MARK xadd [R], eax
	ENDTRY
	IF_NO_FAULT .no_xadd
	PRINT "XADD: mem="
	PHEX32 [R]
	PRINT " EAX="
	call print_hex32
	PRINT 10
.no_xadd:
	mov dword [R], 8
	TRY "CMPXCHG"
	mov eax, 8
	mov ebx, 0x99
	MARK cmpxchg [R], ebx
	ENDTRY
	IF_NO_FAULT .no_cmpxchg
	PRINT "CMPXCHG-EQUAL:"
	call print_zf
	PRINT " mem="
	PHEX32 [R]
	PRINT 10
	mov eax, 1
	mov ebx, 0x77
	cmpxchg [R], ebx
	PRINT "CMPXCHG-DIFFERENT:"
	call print_zf
	PRINT " mem="
	PHEX32 [R]
	PRINT " EAX="
	call print_hex32
	PRINT 10
.no_cmpxchg:
	mov eax, cr0
	or eax, 0x40000			; AM (the 386 has none)
	mov cr0, eax
	TRY "AC-MISALIGNED-CPL3"
	mov [ring0_esp], esp
	push dword SEL_DATA3
	push dword STACK3_TOP
	push dword 0x40002		; AC
	push dword SEL_CODE3
	push dword .r3_ac
	iretd
.r3_ac:
	mov eax, SEL_DATA3
	mov ds, ax
	MARK mov eax, [R + 1]
	RING0
	ENDTRY
	mov eax, cr0
	and eax, ~0x40000
	mov cr0, eax

	; ---- Pentium: CMPXCHG8B, RDTSC, RDMSR/WRMSR, CR4 ----
	mov dword [R], 0x11111111
	mov dword [R + 4], 0x22222222
	TRY "CMPXCHG8B"
	mov eax, 0x11111111
	mov edx, 0x22222222
	mov ebx, 0x33333333
	mov ecx, 0x44444444
	MARK cmpxchg8b [R]
	ENDTRY
	IF_NO_FAULT .no_cx8
	PRINT "CMPXCHG8B-EQUAL:"
	call print_zf
	PRINT " mem="
	PHEX32 [R + 4]
	PHEX32 [R]
	PRINT 10
	xor eax, eax
	xor edx, edx
	cmpxchg8b [R]
	PRINT "CMPXCHG8B-DIFFERENT:"
	call print_zf
	PRINT " EDX:EAX="
	PHEX32 edx
	call print_hex32
	PRINT 10
.no_cx8:
	TRY "RDTSC"
	MARK rdtsc
	ENDTRY
	IF_NO_FAULT .no_tsc
	mov ebx, eax
	mov esi, edx
	rdtsc
	sub eax, ebx
	sbb edx, esi
	PRINT "RDTSC-INCREASES: "
	test edx, edx
	setz dl
	test eax, eax
	setnz al
	and al, dl
	PHEX8 al
	PRINT 10
	mov ecx, 0x10
	rdmsr				; the TSC as an MSR
	mov ebx, eax
	rdtsc
	sub eax, ebx
	PRINT "RDMSR-TSC-THEN-RDTSC-INCREASES: "
	cmp eax, 1000
	setb al
	PHEX8 al
	PRINT 10
	mov ecx, 0x10
	xor edx, edx
	mov eax, 0x10000000
	wrmsr
	rdtsc
	sub eax, 0x10000000
	PRINT "WRMSR-TSC: "
	cmp eax, 1000
	setb al
	PHEX8 al
	PRINT 10
	; The P6 family writes only the low half of the TSC and clears the
	; high half (SDM Vol. 3, "Time-Stamp Counter").
	mov eax, [R + 0x84]
	shr eax, 8
	and eax, 0x0F
	cmp eax, 6
	jne .no_tsc
	mov ecx, 0x10
	mov edx, 0x12
	mov eax, 0x20000000
	wrmsr
	rdtsc
	PRINT "WRMSR-TSC-P6-HIGH-HALF: EDX="
	PHEX32 edx
	PRINT 10
.no_tsc:
	TRY "RDMSR-UNKNOWN"
	mov ecx, 0x0000ABCD
	MARK rdmsr
	ENDTRY
	TRY "WRMSR-UNKNOWN"
	mov ecx, 0x0000ABCD
	xor eax, eax
	xor edx, edx
	MARK wrmsr
	ENDTRY
	; IA32_BIOS_SIGN_ID (8BH, P6 family): the microcode loader's
	; sequence, write 0 then CPUID.1, leaves the signature of the
	; loaded update in EDX (none loaded: 0).  The Pentium has no such
	; MSR (#GP).
	TRY "WRMSR-BIOS-SIGN-ID"
	mov ecx, 0x8B
	xor eax, eax
	xor edx, edx
	MARK wrmsr
	ENDTRY
	IF_NO_FAULT .no_bios_sign
	mov eax, 1
	cpuid
	mov ecx, 0x8B
	mov edx, 0xFFFFFFFF
	rdmsr
	PRINT "RDMSR-BIOS-SIGN-ID-AFTER-CPUID: EDX="
	PHEX32 edx
	PRINT 10
.no_bios_sign:
	TRY "RDMSR-CPL3"
	RING3
	mov ecx, 0x10
	MARK rdmsr
	RING0
	ENDTRY
	test dword [R + 0x80], 1 << 3	; CPUID.1:EDX.PSE: the model has CR4
	jz .no_cr4
	CR4BIT "CR4-DE", 0x08
	CR4BIT "CR4-PSE", 0x10
	CR4BIT "CR4-PAE", 0x20
	CR4BIT "CR4-PGE", 0x80
	CR4BIT "CR4-VME", 0x01
	CR4BIT "CR4-MCE", 0x40
.no_cr4:

	; ---- P6: CMOVcc, SYSENTER/SYSEXIT ----
	TRY "CMOV"
	mov eax, 1
	mov ebx, 2
	cmp eax, eax
	MARK cmove eax, ebx
	ENDTRY
	IF_NO_FAULT .no_cmov
	PRINT "CMOVE-TAKEN: EAX="
	call print_hex32
	mov eax, 1
	cmp eax, eax
	cmovne eax, ebx
	PRINT " CMOVNE-NOT-TAKEN: EAX="
	call print_hex32
	PRINT 10
.no_cmov:
	TRY "WRMSR-SYSENTER-CS"
	mov ecx, 0x174
	mov eax, S_SYSCS
	xor edx, edx
	MARK wrmsr
	ENDTRY
	IF_NO_FAULT .no_sep
	mov ecx, 0x175
	mov eax, 0x2F000
	wrmsr
	mov ecx, 0x176
	mov eax, 0xF0000 + sysenter_entry
	wrmsr
	mov ecx, 0x174
	rdmsr
	PRINT "RDMSR-SYSENTER: CS="
	call print_hex32
	mov ecx, 0x175
	rdmsr
	PRINT " ESP="
	call print_hex32
	mov ecx, 0x176
	rdmsr
	sub eax, 0xF0000
	PRINT " EIP="
	PLABEL eax, sysenter_entry
	PRINT 10
	; ring 3 with IOPL 3 and IF: SYSENTER clears IF
	mov [ring0_esp], esp
	push dword SEL_DATA3
	push dword STACK3_TOP
	push dword 0x3202
	push dword SEL_CODE3
	push dword .r3_sep
	iretd
.r3_sep:
	mov eax, SEL_DATA3
	mov ds, ax
	sysenter
.sysexit_back:
	RING0
	push dword 0x0002
	popfd
	PRINT "SYSENTER: CS="
	PHEX16 [R + 0x00]
	PRINT " SS="
	PHEX16 [R + 0x04]
	PRINT " ESP="
	PHEX32 [R + 0x08]
	PRINT " IF="
	PBIT [R + 0x0C], 0x200
	PRINT 10, "SYSEXIT: CS="
	PHEX16 [R + 0x10]
	PRINT " SS="
	PHEX16 [R + 0x14]
	PRINT " ESP="
	PHEX32 [R + 0x18]
	PRINT " EIP="
	PLABEL [R + 0x20], sysexit_landing
	PRINT 10
	TRY "SYSEXIT-CPL3"
	RING3
	MARK sysexit
	RING0
	ENDTRY
	mov ecx, 0x174
	xor eax, eax
	xor edx, edx
	wrmsr
.no_sep:
	TRY "SYSENTER"			; (P6: with SYSENTER_CS = 0)
	MARK sysenter
	ENDTRY
	ret

; Prints the zero-terminated string at DS:ESI.
print_ds_str:
	push eax
	push esi
.next:
	mov al, [esi]
	inc esi
	test al, al
	jz .done
	out 0xE9, al
	jmp .next
.done:
	pop esi
	pop eax
	ret

; Flat code (CS base 0: these run at F0000 + label).
sysenter_entry:			; ring 0, from SYSENTER
	mov [R + 0x00], cs
	mov [R + 0x04], ss
	mov [R + 0x08], esp
	pushfd
	pop dword [R + 0x0C]
	mov edx, 0xF0000 + sysexit_landing
	mov ecx, 0xE000
	sysexit
sysexit_landing:		; ring 3, from SYSEXIT
	mov [R + 0x10], cs
	mov [R + 0x14], ss
	mov [R + 0x18], esp
	call .here
.here:
	pop eax
	sub eax, 0xF0000 + (.here - sysexit_landing)
	mov [R + 0x20], eax
	jmp SEL_CODE3:test_main.sysexit_back	; back to the segment with base F0000

test_gdt:
sys_code0: DESC 0, 0xFFFFF, 0x9A, 0xC	; SYSENTER_CS: flat ring-0 code
sys_data0: DESC 0, 0xFFFFF, 0x92, 0xC	;   + 8: flat ring-0 data
sys_code3: DESC 0, 0xFFFFF, 0xFA, 0xC	;   + 16: flat ring-3 code
sys_data3: DESC 0, 0xFFFFF, 0xF2, 0xC	;   + 24: flat ring-3 data
test_gdt_end:

	ROM_END
