; A triple fault that starts with a benign exception (SDM Vol. 3, table
; 6-5): UD2 raises #UD; delivering it with an IDT limit of 0 raises #GP,
; which is delivered serially (benign, then contributory); delivering that
; #GP raises #GP again (contributory twice: #DF); delivering #DF raises
; #GP: shutdown.  The double fault arises while delivering the #GP.
;! exit 4
;! stderr glasspc: triple fault: #GP, then #DF while delivering it, then #GP; shutdown at 0008:0000E000
%include "pm.inc"

test_main:
	PRINT "TRIPLE-UD: UD2 at 0008:0000E000 with an IDT limit of 0", 10
	mov word [SCRATCH], 0
	mov dword [SCRATCH + 2], IDT_BASE
	lidt [SCRATCH]
	jmp fault_site
	times 0xE000 - ($ - $$) db 0x90
fault_site:
	ud2
	PRINT "not reached", 10
	ret

test_gdt:
test_gdt_end:

	ROM_END
