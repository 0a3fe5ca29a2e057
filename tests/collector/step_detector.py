"""A test-only Detector (app.loadcontrol.signals.Detector): a step up of more than
``threshold_w`` between two polls of a meter is a forbidden heater. The real detector
(app.loadcontrol.detect) replaces it in the collector; the rules never see the difference."""

from __future__ import annotations

from app.loadcontrol.signals import Detection, LoadStep, Sample, Verdict


class StepDetector:
    def __init__(self, threshold_w: float = 1000.0) -> None:
        self.threshold_w = threshold_w
        self.last: dict[int, float] = {}
        self.samples: dict[int, list[float]] = {}  # meter -> the powers it was fed

    def feed(self, sample: Sample) -> list[Detection]:
        self.samples.setdefault(sample.meter_id, []).append(sample.power_w)
        before = self.last.get(sample.meter_id)
        self.last[sample.meter_id] = sample.power_w
        if before is None or sample.power_w - before <= self.threshold_w:
            return []
        step = LoadStep(
            sample.meter_id,
            sample.at,
            sample.power_w - before,
            sample.power_factor,
            before,
            sample.power_w,
        )
        return [Detection(sample.meter_id, sample.at, Verdict.FORBIDDEN, "heater", 1.0, step)]
