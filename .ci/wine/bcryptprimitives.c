/*
 * bcryptprimitives.dll for wine 8: Go 1.24+ fills its random numbers with
 * ProcessPrng, which Windows 10 and later export from bcryptprimitives.dll
 * and wine 8.0 does not have, so a Go executable stops at start with
 * "bcryptprimitives.dll not found". This stand-in forwards to
 * BCryptGenRandom with the system RNG, which wine does provide. It is only
 * for running the tests under wine; real Windows has the real DLL.
 *
 * Build: x86_64-w64-mingw32-gcc -shared -O2 -o bcryptprimitives.dll bcryptprimitives.c -lbcrypt
 */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!BCRYPT_SUCCESS(BCryptGenRandom(NULL, data, n, BCRYPT_USE_SYSTEM_PREFERRED_RNG)))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
	(void)instance; (void)reason; (void)reserved;
	return TRUE;
}
