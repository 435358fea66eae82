; Paging with 4 KiB pages (SDM Vol. 3, 4.3, 4.6-4.8, 4.10): translation,
; the accessed and dirty bits, #PF with its error code (P, W/R, U/S) and
; CR2 for reads, writes and instruction fetches at CPL 0 and 3, the U/S
; and R/W rights combined from the PDE and the PTE, CR0.WP (486 and
; later: a supervisor write to a read-only page faults only with WP set;
; the 386 has no WP), implicit supervisor accesses to descriptor tables,
; and the TLB: MOV CR3 and INVLPG (486+; #UD on the 386) make a changed
; PTE take effect.  Runs on the 386 and the 486.
%include "pm.inc"

PD	equ 0x100000
PT0	equ 0x101000		; 0-4 MiB identity, user, writable
PT1	equ 0x102000		; 4-8 MiB: the test pages
PT2	equ 0x103000		; 8-12 MiB: PDE supervisor, PTE user
PT3	equ 0x104000		; 12-16 MiB: PDE read-only, PTE writable
S_FLAT	equ GDT_SEL(c_flat)

%define PTE1(lin) (PT1 + (((lin) >> 12) & 0x3FF) * 4)

test_main:
	call build_tables
	mov eax, PD
	mov cr3, eax
	mov eax, cr0
	or eax, 0x80000000
	mov cr0, eax

	; ---- accessed and dirty bits ----
	PRINT "AD-BEFORE: PDE="
	PHEX32 [PD + 4]
	PRINT " PTE="
	PHEX32 [PTE1(0x405000)]
	PRINT 10
	mov eax, [0x405000]
	PRINT "AD-AFTER-READ: PDE="
	PHEX32 [PD + 4]
	PRINT " PTE="
	PHEX32 [PTE1(0x405000)]
	PRINT 10
	mov [0x405000], eax
	PRINT "AD-AFTER-WRITE: PDE="
	PHEX32 [PD + 4]
	PRINT " PTE="
	PHEX32 [PTE1(0x405000)]
	PRINT 10

	; ---- translation ----
	mov dword [0x400000], 0x12345678
	PRINT "TRANSLATE: write 400000, read physical 200000: "
	PHEX32 [0x200000]
	PRINT 10

	; ---- not present ----
	TRY "PF-NP-R0-READ"
	MARK mov eax, [0x401000]
	ENDTRY
	TRY "PF-NP-R0-WRITE"
	MARK mov [0x401000], eax
	ENDTRY
	TRY "PF-NP-R3-WRITE"
	RING3
	MARK mov [0x401000], eax
	RING0
	ENDTRY
	TRY "PF-NP-R0-FETCH"
	MARK jmp S_FLAT:0x401000
	ENDTRY
	; Run into the not-present page: INC DWORD [SCRATCH] ends at 400FFF;
	; the next instruction, at 401000, cannot be fetched.  The fault
	; belongs to that instruction (the INC completed: it ran once).
	mov dword [SCRATCH], 0
	mov esi, 0xF0000 + fetch_into_np
	mov edi, 0x400FFA
	mov ecx, 6
	rep movsb
	TRY "PF-FETCH-NEXT-PAGE-NP"
	MARK jmp S_FLAT:0x400FFA
	ENDTRY
	PRINT "PF-FETCH-NEXT-PAGE-NP: INC ran "
	PHEX32 [SCRATCH]
	PRINT " time(s)", 10
	; An instruction that straddles into the not-present page: MOV EAX,
	; imm32 at 400FFE (after a NOP at 400FFD) faults at its own address.
	mov byte [0x400FFD], 0x90
	mov byte [0x400FFE], 0xB8
	mov byte [0x400FFF], 0x00
	TRY "PF-FETCH-STRADDLE"
	MARK jmp S_FLAT:0x400FFD
	ENDTRY

	; ---- U/S and R/W ----
	TRY "RO-USER-R3-READ"
	RING3
	MARK mov eax, [0x402000]
	RING0
	ENDTRY
	TRY "PF-RO-USER-R3-WRITE"
	RING3
	MARK mov [0x402000], eax
	RING0
	ENDTRY
	TRY "SUPERVISOR-R0-WRITE"
	MARK mov [0x403000], eax
	ENDTRY
	TRY "PF-SUPERVISOR-R3-READ"
	RING3
	MARK mov eax, [0x403000]
	RING0
	ENDTRY
	TRY "PF-SUPERVISOR-R3-WRITE"
	RING3
	MARK mov [0x403000], eax
	RING0
	ENDTRY
	TRY "PF-PDE-SUPERVISOR-R3-READ"
	RING3
	MARK mov eax, [0x800000]
	RING0
	ENDTRY
	TRY "PDE-READ-ONLY-R3-READ"
	RING3
	MARK mov eax, [0xC00000]
	RING0
	ENDTRY
	TRY "PF-PDE-READ-ONLY-R3-WRITE"
	RING3
	MARK mov [0xC00000], eax
	RING0
	ENDTRY

	; ---- CR0.WP ----
	TRY "WP0-R0-WRITE-RO-SUPERVISOR"
	MARK mov [0x404000], eax
	ENDTRY
	TRY "WP0-R0-WRITE-RO-USER"
	MARK mov [0x402000], eax
	ENDTRY
	mov eax, cr0
	or eax, 0x10000
	mov cr0, eax
	TRY "WP1-R0-WRITE-RO-SUPERVISOR"
	MARK mov [0x404000], eax
	ENDTRY
	TRY "WP1-R0-WRITE-RO-USER"
	MARK mov [0x402000], eax
	ENDTRY
	TRY "WP1-R0-WRITE-RW"
	MARK mov [0x403000], eax
	ENDTRY
	TRY "WP1-PF-PDE-READ-ONLY-R0-WRITE"
	MARK mov [0xC00000], eax
	ENDTRY
	mov eax, cr0
	and eax, ~0x10000
	mov cr0, eax

	; ---- implicit supervisor accesses: GDT, IDT, TSS in supervisor pages ----
	and dword [PT0 + 1 * 4], ~4
	and dword [PT0 + 2 * 4], ~4
	and dword [PT0 + 3 * 4], ~4
	mov eax, cr3
	mov cr3, eax
	TRY "R3-SEGMENT-LOAD-AND-INT-WITH-SUPERVISOR-TABLES"
	RING3
	mov eax, SEL_DATA3
	mov ds, ax
	RING0
	ENDTRY
	or dword [PT0 + 1 * 4], 4
	or dword [PT0 + 2 * 4], 4
	or dword [PT0 + 3 * 4], 4

	; ---- the TLB: MOV CR3, INVLPG ----
	mov dword [0x200000], 0xAAAA0000
	mov dword [0x206000], 0xBBBB0000
	mov eax, [0x400000]
	mov dword [PTE1(0x400000)], 0x206007
	mov eax, cr3
	mov cr3, eax
	PRINT "CR3-RELOAD: [400000]="
	PHEX32 [0x400000]
	PRINT 10
	mov dword [PTE1(0x400000)], 0x200007
	mov dword [last_vector], -1
	TRY "INVLPG"
	MARK invlpg [0x400000]
	ENDTRY
	cmp dword [last_vector], -1
	jne .no_invlpg
	PRINT "INVLPG-TAKES-EFFECT: [400000]="
	PHEX32 [0x400000]
	PRINT 10
.no_invlpg:
	mov eax, cr0
	and eax, 0x7FFFFFFF
	mov cr0, eax
	ret

fetch_into_np:
	inc dword [SCRATCH]		; 6 bytes, copied to 400FFA

build_tables:
	mov edi, PD
	xor eax, eax
	mov ecx, 5 * 1024
	rep stosd
	mov dword [PD + 0], PT0 | 7
	mov dword [PD + 4], PT1 | 7
	mov dword [PD + 8], PT2 | 3	; supervisor
	mov dword [PD + 12], PT3 | 5	; read-only
	mov edi, PT0
	mov eax, 7
	mov ecx, 1024
.identity:
	stosd
	add eax, 0x1000
	loop .identity
	mov dword [PTE1(0x400000)], 0x200007	; user, writable
	mov dword [PTE1(0x402000)], 0x202005	; user, read-only
	mov dword [PTE1(0x403000)], 0x203003	; supervisor, writable
	mov dword [PTE1(0x404000)], 0x204001	; supervisor, read-only
	mov dword [PTE1(0x405000)], 0x205007	; for the A/D bits
	mov dword [PT2], 0x208007
	mov dword [PT3], 0x20C007
	ret

test_gdt:
c_flat:	DESC 0, 0xFFFFF, 0x9A, 0xC		; flat ring-0 code
test_gdt_end:

	ROM_END
