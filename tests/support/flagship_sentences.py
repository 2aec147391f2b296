"""The flagship's sentences (Quảng Ninh 2019), typed by hand: what its body and its annex of sample data say.

Checked on the rendered report (tests/kinds/tiered_scores/test_e2e.py) and on the narrative built
without rendering (tests/kinds/tiered_scores/test_shipped_report_text.py).
"""

# Sentences of the report, typed: figures published in seed 000, readings in docs/decisions.md,
# and hand computations from them (4/30 = 13,33 %, 22/30 = 73,33 %, rounded together to 100,0 %:
# 13,3 / 73,4 / 13,3; 9/186 = 4,8 %; 12/186 = 6,5 %; 128/170 = 75,3 %; 7/121 = 5,8 %;
# 153,92 - 115,95 = 37,97). Scores with two decimals (docs/style.md). Never formatted by the code.
# The body states only what seed 000 published (issue 19; tests/render/test_signable.py).
PUBLISHED_SENTENCES = [
    "Năm 2019, 30 sở, ban, ngành đạt điểm trung bình 73,83/100 điểm, bằng 73,8% điểm tối đa, tương ứng mức khá",
    "So với năm 2018, điểm trung bình tăng 5,00 điểm.",
    "Dẫn đầu là Trung tâm Phục vụ hành chính công (92,00/100 điểm); xếp thứ hai là Sở Thông tin và Truyền thông "
    "(91,00 điểm); xếp thứ ba là Sở Tài chính (89,00 điểm).",
    "Đơn vị có tổng điểm thấp nhất là Ban An toàn giao thông, đạt 55,00 điểm (năm 2018: 27,00 điểm).",
    "Khoảng cách giữa đơn vị cao nhất và thấp nhất là 37,00 điểm; năm 2018 khoảng cách này là 56,70 điểm.",
    "Năm 2019, 14 địa phương cấp huyện đạt điểm trung bình 128,00/170 điểm, bằng 75,3% điểm tối đa, tương ứng mức khá",
    "So với năm 2018 (121,00 điểm), điểm trung bình tăng 7,00 điểm (tăng 5,8%).",
    "Dẫn đầu là thành phố Uông Bí (153,92/170 điểm); xếp thứ hai là thị xã Đông Triều (148,92 điểm); "
    "xếp thứ ba là thành phố Cẩm Phả (138,43 điểm).",
    "Đơn vị có tổng điểm thấp nhất là huyện Bình Liêu, đạt 115,95 điểm.",
    "Khoảng cách giữa đơn vị cao nhất và thấp nhất là 37,97 điểm; năm 2018 khoảng cách này là 40,00 điểm "
    "(theo số liệu công bố, xem Phụ lục II).",
    "Năm 2019, khối huyện, thị xã, thành phố có 3 đơn vị đạt mức tốt (21,4%); 11 đơn vị đạt mức khá (78,6%); "
    "không có đơn vị nào ở mức trung bình và dưới trung bình.",
    "Năm 2019, 186 đơn vị cấp xã đạt điểm trung bình 59,00/100 điểm, bằng 59,0% điểm tối đa, tương ứng mức trung bình",
    "Dẫn đầu là phường Nam Khê (thành phố Uông Bí) với 87,22/100 điểm",
    "Năm 2019, khối xã, phường, thị trấn có 9 đơn vị đạt mức tốt (4,8%); 23 đơn vị đạt mức khá (12,4%); "
    "141 đơn vị đạt mức trung bình (75,8%); 12 đơn vị (theo số liệu công bố, xem Phụ lục II) ở mức dưới trung bình (6,5%).",
    "Tính theo điểm trung bình của các đơn vị cấp xã trên địa bàn, dẫn đầu là thành phố Uông Bí (83,61 điểm); "
    "xếp thứ hai là thị xã Quảng Yên (63,64 điểm); xếp thứ ba là thành phố Cẩm Phả (62,32 điểm); "
    "xếp cuối là thành phố Hạ Long (50,18 điểm).",
]
# The annex of sample data: the same tiers as a province with official unit scores would read them
# (2018 gap 146 - 94 = 52, narrowed by 14,03; 13 communes below average, 13/186 = 7,0 %).
SAMPLE_ANNEX_SENTENCES = [
    "Khoảng cách giữa đơn vị cao nhất và thấp nhất là 37,00 điểm; năm 2018 khoảng cách này là 56,70 điểm "
    "(thu hẹp 19,70 điểm).",
    "Năm 2019, khối sở, ban, ngành có 4 đơn vị đạt mức tốt (13,3%); 22 đơn vị đạt mức khá (73,4%); 4 đơn vị đạt "
    "mức trung bình (13,3%); không có đơn vị nào ở mức dưới trung bình.",
    "Đơn vị có tổng điểm thấp nhất là huyện Bình Liêu, đạt 115,95 điểm (năm 2018: 94,00 điểm).",
    "Khoảng cách giữa đơn vị cao nhất và thấp nhất là 37,97 điểm; năm 2018 khoảng cách này là 52,00 điểm "
    "(thu hẹp 14,03 điểm).",
    "Năm 2019, khối xã, phường, thị trấn có 9 đơn vị đạt mức tốt (4,8%); 23 đơn vị đạt mức khá (12,4%); "
    "141 đơn vị đạt mức trung bình (75,8%); 13 đơn vị ở mức dưới trung bình (7,0%).",
    "Cả 9 đơn vị đạt mức tốt đều là phường thuộc thành phố Uông Bí.",
]
