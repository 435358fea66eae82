; 4 MiB pages (CR4.PSE, Pentium and later; SDM Vol. 3, 4.3): translation
; through a PDE with PS set, mixed with 4 KiB page tables; the accessed
; and dirty bits of the PDE that maps the page; U/S and R/W (with
; CR0.WP) on a 4 MiB page; a not-present PDE; and INVLPG, which drops
; every translation of the 4 MiB page that holds the address (SDM 4.10:
; "they invalidate all TLB entries corresponding to the translation
; specified by the paging structures"), not only its first 4 KiB.
%include "pm.inc"

PD	equ 0x100000
PT2	equ 0x101000

test_main:
	mov edi, PD
	xor eax, eax
	mov ecx, 2 * 1024
	rep stosd
	mov dword [PD + 0 * 4], 0x00000087	; 0-4 MiB: identity, 4 MiB page
	mov dword [PD + 1 * 4], 0x00000087	; 4-8 MiB: physical 0-4 MiB again
	mov dword [PD + 2 * 4], PT2 | 7		; 8-12 MiB: 4 KiB pages
	mov dword [PT2], 0x300007		;   800000 -> 300000
	mov dword [PD + 3 * 4], 0x00C00081	; 12-16 MiB: supervisor, read-only
	mov dword [PD + 4 * 4], 0x00400087	; 16-20 MiB: physical 4-8 MiB (INVLPG)
	mov dword [PD + 5 * 4], 0x00800087	; 20-24 MiB: physical 8-12 MiB
	mov eax, cr4
	or eax, 0x10				; PSE
	mov cr4, eax
	mov eax, PD
	mov cr3, eax
	mov eax, cr0
	or eax, 0x80000000
	mov cr0, eax

	PRINT "PSE-AD-BEFORE: PDE1="
	PHEX32 [PD + 4]
	PRINT 10
	mov eax, [0x612344]
	PRINT "PSE-AD-AFTER-READ: PDE1="
	PHEX32 [PD + 4]
	PRINT 10
	mov dword [0x612344], 0xCAFE4444
	PRINT "PSE-AD-AFTER-WRITE: PDE1="
	PHEX32 [PD + 4]
	PRINT 10
	PRINT "PSE-TRANSLATE: write 612344, read 212344: "
	PHEX32 [0x212344]
	PRINT 10
	mov dword [0x800010], 0x4444CAFE
	PRINT "PSE-WITH-4K-TABLE: write 800010, read 300010: "
	PHEX32 [0x300010]
	PRINT 10

	TRY "PSE-R0-READ-RO-SUPERVISOR"
	MARK mov eax, [0xC00000]
	ENDTRY
	TRY "PSE-PF-SUPERVISOR-R3-READ"
	RING3
	MARK mov eax, [0xC00000]
	RING0
	ENDTRY
	TRY "PSE-WP0-R0-WRITE-RO"
	MARK mov [0xC00010], eax
	ENDTRY
	mov eax, cr0
	or eax, 0x10000
	mov cr0, eax
	TRY "PSE-PF-WP1-R0-WRITE-RO"
	MARK mov [0xC00010], eax
	ENDTRY
	mov eax, cr0
	and eax, ~0x10000
	mov cr0, eax
	TRY "PSE-PF-PDE-NOT-PRESENT"
	MARK mov eax, [0x1800123]
	ENDTRY

	; INVLPG of a 4 MiB page: the translations of 1110000 and 1111000
	; both come from PDE 4; after it changes, INVLPG 1110000 must make
	; 1111000 use the new PDE too.  (The addresses avoid the page numbers
	; of the paging structures, the stack and the code modulo 256, so
	; that no small TLB loses them by chance.)
	mov dword [0x1110000], 0xC0000000	; physical 510000
	mov dword [0x1111000], 0xD0000000	; physical 511000
	mov dword [0x1510000], 0xE0000000	; physical 910000
	mov dword [0x1511000], 0xF0000000	; physical 911000
	mov eax, [0x1110000]
	mov eax, [0x1111000]
	mov dword [PD + 4 * 4], 0x00800087	; now physical 8-12 MiB
	invlpg [0x1110000]
	PRINT "INVLPG-4M-PAGE: [1111000]="
	PHEX32 [0x1111000]
	PRINT " [1110000]="
	PHEX32 [0x1110000]
	PRINT 10

	mov eax, cr0
	and eax, 0x7FFFFFFF
	mov cr0, eax
	ret

test_gdt:
test_gdt_end:

	ROM_END
