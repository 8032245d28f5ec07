-module(unicode_errors).
-export([test/0]).
%% Unicode conversions of malformed data and to UTF-16/32.
test() ->
    [unicode:characters_to_binary(<<"ab", 255, "cd">>), unicode:characters_to_list(<<"ab", 16#E2, 16#82>>),
     unicode:characters_to_binary(<<16#C0, 16#80>>), unicode:characters_to_binary(<<16#ED, 16#A0, 16#80>>),
     unicode:characters_to_list([97, 16#110000, 98]), unicode:characters_to_binary([$a, <<"b">>, -1, $c]),
     unicode:characters_to_binary("aé", unicode, utf16), unicode:characters_to_binary("a😀", unicode, {utf16, little}),
     unicode:characters_to_binary("a😀", unicode, utf32), unicode:characters_to_binary([255], latin1, utf16),
     unicode:characters_to_binary([256], latin1), unicode:characters_to_list(<<"ok">>)].
