# Hooks for the schemathesis run of test/api/schemathesis.test.ts (loaded through `hooks` in
# test/api/schemathesis.toml). Two things the OpenAPI document states but schemathesis cannot
# act on by itself:
#   - `format: gb11643` on person IDs (api/schemas/common.ts): the document's pattern states the
#     shape and a real birth date, but the ISO 7064 MOD 11-2 check character is a sum over 17
#     digits that no pattern can state; this strategy generates IDs whose check character is
#     right, so a person ID schemathesis calls valid is valid (else it would be refused 400).
#   - `application/x-ndjson` request bodies (POST /api/v1/imports/filings): the document gives
#     the schema of one line; a generated value is sent as one JSON line.
import json
from datetime import date

import schemathesis
from hypothesis import strategies as st

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK_CHARS = "10X98765432"  # indexed by (weighted sum mod 11); domain/personId.ts


def with_check_char(first17: str) -> str:
    return first17 + CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


person_ids = st.builds(
    lambda region, born, seq: with_check_char(f"{region}{born:%Y%m%d}{seq:03d}"),
    st.from_regex(r"\A[1-9][0-9]{5}\Z"),
    st.dates(min_value=date(1850, 1, 1), max_value=date(2099, 12, 31)),
    st.integers(min_value=0, max_value=999),
)

schemathesis.openapi.format("gb11643", person_ids)


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    if isinstance(value, bytes):
        return value
    return (json.dumps(value, ensure_ascii=False) + "\n").encode("utf8")
