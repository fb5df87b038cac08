"""The official forms, filled from the case: Form 8857, Form 8379, Forms 911, 12153, 9465, 2848 and the
Form 656-B booklet's Form 656 (vendored blanks in ``pdf/``, field maps as data in ``maps/``), the Form
IL-8857 facsimile, and the packet a person mails (``packet.build_packet``). See docs/forms.md.

    from spouse_relief.forms.source import load_inputs
    from spouse_relief.forms.packet import build_packet, write_packet
    inputs = load_inputs(case_document)          # any case file, through pipeline.run
    write_packet(build_packet(inputs), "out/")   # one PDF per destination + packet-all.pdf

The package imports nothing on its own: the case model reads ``forms.answers`` without loading the
PDF machinery.
"""
