import CKithLua
