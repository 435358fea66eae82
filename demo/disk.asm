; The demo floppy: the boot sector, the demo program in the sectors after
; it, then zeros to the size of a 1.44 MB disk (80 cylinders, 2 heads,
; 18 sectors), so that glasspc boots it as floppy A:.
	incbin "boot.bin"
	incbin "demo.bin"
	times 80 * 2 * 18 * 512 - ($ - $$) db 0
