"""Behavioural soundness of a process or sub-process, on BPMN token semantics.

:mod:`.net` turns a scope into a token net over its sequence flows; :mod:`.reduce` removes
well-structured fragments (sequences, same-type gateway bonds, XOR loops) in near-linear
time, keeping the elements each remaining edge stands for; :mod:`.explore` plays the token
game on what is left, breadth first, so every defect comes with a shortest firing sequence.
"""
