"""SpiffWorkflow's Camunda parser, with timer events that read the injected clock."""

from __future__ import annotations

from typing import Any

from SpiffWorkflow.bpmn.parser.BpmnParser import full_tag
from SpiffWorkflow.bpmn.specs.defaults import (
    BoundaryEvent,
    EndEvent,
    IntermediateCatchEvent,
    IntermediateThrowEvent,
    StartEvent,
)
from SpiffWorkflow.camunda.parser.CamundaParser import CamundaParser
from SpiffWorkflow.camunda.parser.event_parsers import (
    CamundaBoundaryEventParser,
    CamundaEndEventParser,
    CamundaIntermediateCatchEventParser,
    CamundaIntermediateThrowEventParser,
    CamundaStartEventParser,
)

from .timers import CLOCK_TIMERS


class _ClockTimerParsing:
    """Swap SpiffWorkflow's timer definitions for ours; they add behaviour, not state."""

    def parse_timer_event(self, event: Any) -> Any:
        definition = super().parse_timer_event(event)  # type: ignore[misc]
        clock_class = CLOCK_TIMERS.get(type(definition))
        if clock_class is not None:
            definition.__class__ = clock_class
        return definition


class _StartParser(_ClockTimerParsing, CamundaStartEventParser):
    pass


class _EndParser(_ClockTimerParsing, CamundaEndEventParser):
    pass


class _CatchParser(_ClockTimerParsing, CamundaIntermediateCatchEventParser):
    pass


class _ThrowParser(_ClockTimerParsing, CamundaIntermediateThrowEventParser):
    pass


class _BoundaryParser(_ClockTimerParsing, CamundaBoundaryEventParser):
    pass


class EngineParser(CamundaParser):
    """The Camunda dialect parser used for every template."""

    OVERRIDE_PARSER_CLASSES = {
        **CamundaParser.OVERRIDE_PARSER_CLASSES,
        full_tag("startEvent"): (_StartParser, StartEvent),
        full_tag("endEvent"): (_EndParser, EndEvent),
        full_tag("intermediateCatchEvent"): (_CatchParser, IntermediateCatchEvent),
        full_tag("intermediateThrowEvent"): (_ThrowParser, IntermediateThrowEvent),
        full_tag("boundaryEvent"): (_BoundaryParser, BoundaryEvent),
    }
