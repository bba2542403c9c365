source_filename = "seqc-ptx"
target datalayout = "e-i64:64-i128:128-v16:16-v32:32-n16:32:64"
target triple = "nvptx64-nvidia-cuda"

define ptx_kernel void @seqc_ptx_copy(i64 %i0, i64 %i1, i64 %i2, i64 %i3, i64 %i4, i64 %i5, i64 %i6, i64 %i7, i64 %i8, i64 %i9, i64 %i10, i64 %i11, i64 %i12, i64 %i13, i64 %i14, i64 %i15, i64 %i16, i64 %i17, i64 %i18, i64 %i19, i64 %i20, float addrspace(1)* nocapture %p0, float addrspace(1)* nocapture %p1) nounwind {
entry:
	%0 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
	%1 = zext i32 %0 to i64
	%2 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()
	%3 = zext i32 %2 to i64
	%4 = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()
	%5 = zext i32 %4 to i64
	%6 = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.y()
	%7 = zext i32 %6 to i64
	%8 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%9 = zext i32 %8 to i64
	%10 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%11 = zext i32 %10 to i64
	%12 = mul i64 %11, 256
	%13 = add i64 %12, %9
	%14 = mul i64 %3, %5
	%15 = add i64 %14, %1
	%16 = mul i64 %15, 256
	%17 = add i64 %16, %13
	%18 = icmp slt i64 %17, %i0
	br i1 %18, label %if.1, label %if.join.2

if.1:
	%19 = srem i64 %17, %i8
	%20 = sdiv i64 %17, %i8
	%21 = mul i64 %19, %i14
	%22 = add i64 %i1, %21
	%23 = mul i64 %19, %i20
	%24 = add i64 %i2, %23
	%25 = srem i64 %20, %i7
	%26 = sdiv i64 %20, %i7
	%27 = mul i64 %25, %i13
	%28 = add i64 %22, %27
	%29 = mul i64 %25, %i19
	%30 = add i64 %24, %29
	%31 = srem i64 %26, %i6
	%32 = sdiv i64 %26, %i6
	%33 = mul i64 %31, %i12
	%34 = add i64 %28, %33
	%35 = mul i64 %31, %i18
	%36 = add i64 %30, %35
	%37 = srem i64 %32, %i5
	%38 = sdiv i64 %32, %i5
	%39 = mul i64 %37, %i11
	%40 = add i64 %34, %39
	%41 = mul i64 %37, %i17
	%42 = add i64 %36, %41
	%43 = srem i64 %38, %i4
	%44 = sdiv i64 %38, %i4
	%45 = mul i64 %43, %i10
	%46 = add i64 %40, %45
	%47 = mul i64 %43, %i16
	%48 = add i64 %42, %47
	%49 = srem i64 %44, %i3
	%50 = sdiv i64 %44, %i3
	%51 = mul i64 %49, %i9
	%52 = add i64 %46, %51
	%53 = mul i64 %49, %i15
	%54 = add i64 %48, %53
	%55 = getelementptr float, float addrspace(1)* %p0, i64 %52
	%56 = load float, float addrspace(1)* %55, align 4
	%57 = getelementptr float, float addrspace(1)* %p1, i64 %54
	store float %56, float addrspace(1)* %57, align 4
	br label %if.join.2

if.join.2:
	ret void
}

declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()

declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.y()

declare i32 @llvm.nvvm.read.ptx.sreg.tid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.tid.y()
