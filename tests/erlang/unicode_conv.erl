-module(unicode_conv).
-export([test/0]).
%% Unicode module conversions and errors.
test() ->
    S = "hé€𐍈",
    B = unicode:characters_to_binary(S),
    [B, unicode:characters_to_list(B), unicode:characters_to_binary(S, unicode, utf16),
     unicode:characters_to_binary(S, unicode, {utf32, little}), unicode:characters_to_list(<<"abc">>, latin1),
     unicode:characters_to_binary([<<"a">>, "b", [$c]]), unicode:characters_to_binary(<<255>>),
     unicode:characters_to_list([16#110000]), unicode:bom_to_encoding(<<16#EF, 16#BB, 16#BF, 1>>),
     unicode:encoding_to_bom(utf16), string:length(B), io_lib:format("~ts", [S]), length(S)].
