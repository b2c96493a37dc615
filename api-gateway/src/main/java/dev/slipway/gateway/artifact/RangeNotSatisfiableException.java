package dev.slipway.gateway.artifact;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** A {@code Range} outside the file, or more than one range: a 416 problem. */
class RangeNotSatisfiableException extends ResponseStatusException {

    RangeNotSatisfiableException(long size) {
        super(
                HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
                "The file has " + size + " bytes; ask for one range within them, e.g. Range: bytes=0-"
                        + Math.max(0, size - 1) + ".");
    }
}
