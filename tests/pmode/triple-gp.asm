; A deliberate triple fault (SDM Vol. 3, 6.15 interrupt 8: a fault while
; delivering #DF shuts the processor down).  With an IDT limit of 0 every
; delivery faults: MOV DS with a selector past the GDT raises #GP; its
; delivery raises #GP (contributory twice: #DF); delivering #DF raises
; #GP: shutdown.  glasspc exits with status 4 and names the chain and the
; instruction that started it, which sits at a fixed address.
;! exit 4
;! stderr glasspc: triple fault: #GP, then #DF while delivering it, then #GP; shutdown at 0008:0000E000
%include "pm.inc"

test_main:
	PRINT "TRIPLE-GP: MOV DS faults at 0008:0000E000 with an IDT limit of 0", 10
	mov word [SCRATCH], 0
	mov dword [SCRATCH + 2], IDT_BASE
	lidt [SCRATCH]
	mov eax, 0x1003
	jmp fault_site
	times 0xE000 - ($ - $$) db 0x90
fault_site:
	mov ds, ax
	PRINT "not reached", 10
	ret

test_gdt:
test_gdt_end:

	ROM_END
