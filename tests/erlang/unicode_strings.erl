-module(unicode_strings).
-export([test/0]).
%% Unicode string handling, normalization, graphemes.
test() ->
    S = "Ünïcödé ✓ 日本",
    [string:length(S), string:uppercase(S), string:reverse(S), string:slice(S, 2, 3), string:to_graphemes("e\x{301}x"),
     string:length("e\x{301}"), unicode:characters_to_nfc_list("e\x{301}"), unicode:characters_to_nfd_list("é"),
     unicode:characters_to_nfkc_list("ﬁ"), string:equal("é", "e\x{301}", false, nfc), lists:flatten(io_lib:format("~ts", [S]))].
