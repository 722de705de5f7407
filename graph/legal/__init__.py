"""The one vocabulary of legal values, shared by ingest (structured columns) and nlp (free text).

Pure: no database, spaCy or GraphQL. One parser per kind of value:

- codes       USCC `parse_uscc`, organisation code `parse_org_code`, ID number `parse_id_number`,
              masking `is_masked`/`mask`, entity kind `entity_kind`
- numerals    Chinese and Arabic numbers `parse_integer`, years `parse_digits`, `parse_number`
              (2.5万, 二万), ratios `parse_ratio`
- amounts     yuan: free text `parse_amount`, columns `parse_amount_field` (both over `parse_number`)
- calendar    working days with statutory holidays and 调休 `working_days_after`, `is_working_day`
- dates       one grammar: free text `parse_date`/`parse_date_match`, columns `parse_date_field`
- citations   one grammar (`LAW_RE`, `ART_RE`): columns `citations`, free text `classify`
- penalties   art. 9 types `ART9`, structured wordings `penalty_types`
- docnumbers  decision numbers 文号 `find_numbers`, `canonical_number`
- values      `Invalid` (a present but wrong value) and `clean` (absent values are None)
"""
