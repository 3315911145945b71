package dev.augur.alerting.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.augur.schemas.records.Alert;
import dev.augur.schemas.records.Forecast;
import dev.augur.schemas.records.ForecastStep;

/**
 * The JSON form of Augur records in the REST answers, the live events and the webhook bodies. Times are UTC epoch
 * milliseconds (numbers), as in the Avro records; absent optional values are {@code null}.
 *
 * <p>Alert: {@code {"id", "subject", "subjectKind": "SERIES"|"GROUP", "members": [..], "severity":
 * "INFO"|"WARNING"|"CRITICAL", "state": "OPEN"|"UPDATE"|"RESOLVE", "startTime", "endTime", "peakScore", "rule",
 * "reason"}}. Forecast: {@code {"series", "model", "modelVersion", "originTime", "stepMillis", "levels": [..],
 * "steps": [{"horizon", "targetTime", "mean", "quantiles": [..]}]}}.
 */
public final class RecordJson {
    /** Mapper for answers and events. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private RecordJson() {
    }

    public static ObjectNode alert(Alert a) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", a.getId());
        o.put("subject", a.getSubject());
        o.put("subjectKind", a.getSubjectKind().name());
        ArrayNode members = o.putArray("members");
        a.getMembers().forEach(members::add);
        o.put("severity", a.getSeverity().name());
        o.put("state", a.getState().name());
        o.put("startTime", a.getStartTime().toEpochMilli());
        if (a.getEndTime() == null) {
            o.putNull("endTime");
        } else {
            o.put("endTime", a.getEndTime().toEpochMilli());
        }
        o.put("peakScore", a.getPeakScore());
        o.put("rule", a.getRule());
        o.put("reason", a.getReason());
        return o;
    }

    public static ObjectNode forecast(Forecast f) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("series", f.getSeries());
        o.put("model", f.getModel());
        o.put("modelVersion", f.getModelVersion());
        o.put("originTime", f.getOriginTime().toEpochMilli());
        o.put("stepMillis", f.getStepMillis());
        ArrayNode levels = o.putArray("levels");
        f.getLevels().forEach(levels::add);
        ArrayNode steps = o.putArray("steps");
        for (ForecastStep s : f.getSteps()) {
            ObjectNode so = steps.addObject();
            so.put("horizon", s.getHorizon());
            so.put("targetTime", s.getTargetTime().toEpochMilli());
            so.put("mean", s.getMean());
            ArrayNode q = so.putArray("quantiles");
            s.getQuantiles().forEach(q::add);
        }
        return o;
    }

    /** Compact text of a JSON node. */
    public static String text(Object node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
