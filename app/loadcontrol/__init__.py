"""Dormitory load control (issue 19): malicious-load detection (恶性负载识别), the appliance
library and whitelists (白名单), and automatic restore with a count limit (负控复位). Qt-free.

``signals`` holds what the detector and the rules exchange; the detector works from the live
samples (and the meter's own load events), the rules decide what to do about a detection.
"""
