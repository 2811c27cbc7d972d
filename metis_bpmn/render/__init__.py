"""Rendering BPMN diagrams (SVG/PNG) and measuring them against bpmn-js reference renderings."""
